import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stack } from '@/lib/testing/stack-clients';
import { API_GRANTEES, EXPECTED_FUNCTION_GRANTS, EXPECTED_RELATION_GRANTS, type RelationGrants } from './api-grants.expected';

/**
 * The privileges of anon, authenticated, service_role and PUBLIC on every
 * table, view, sequence, column and function in Project A's public schema,
 * read from the catalog, against the one committed expectation.
 */

interface GrantState {
  /** Every object in public, with its kind: an object with no grants is still here. */
  objects: Map<string, string>;
  /** One line per grantee and privilege, e.g. "table clients: authenticated UPDATE (email, full_name)". */
  grants: string[];
}

const RELATION_KINDS: Record<string, RelationGrants['kind']> = {
  r: 'table',
  p: 'table',
  v: 'view',
  m: 'materialized view',
  S: 'sequence',
  f: 'foreign table',
};

/*
 * Direct ACL entries (a NULL ACL is read as Postgres' default for the object,
 * which is how a new function's PUBLIC EXECUTE shows). Objects an extension
 * owns are the extension's business, not this project's.
 */
const CATALOG_SQL = `
with api_roles(oid, name) as (
  select 0::oid, 'PUBLIC'
  union all
  select oid, rolname::text from pg_roles where rolname in ('anon', 'authenticated', 'service_role')
),
objects as (
  select c.oid, 'pg_class'::regclass as catalog, c.relname::text as name, c.relkind::text as kind,
         coalesce(c.relacl, acldefault(case when c.relkind = 'S' then 's'::"char" else 'r'::"char" end, c.relowner)) as acl
  from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
  union all
  select p.oid, 'pg_proc'::regclass, format('%s(%s)', p.proname, oidvectortypes(p.proargtypes)), 'function',
         coalesce(p.proacl, acldefault('f', p.proowner))
  from pg_proc p
  where p.pronamespace = 'public'::regnamespace
),
own_objects as (
  select * from objects o
  where not exists (select 1 from pg_depend d where d.classid = o.catalog and d.objid = o.oid and d.deptype = 'e')
)
select o.name, o.kind, null::text as column_name, r.name as grantee, a.privilege_type, a.is_grantable
from own_objects o
left join lateral aclexplode(o.acl) a on true
left join api_roles r on r.oid = a.grantee
union all
select o.name, o.kind, att.attname::text, r.name, a.privilege_type, a.is_grantable
from own_objects o
join pg_attribute att on att.attrelid = o.oid and o.catalog = 'pg_class'::regclass
  and att.attnum > 0 and not att.attisdropped and att.attacl is not null
cross join lateral aclexplode(att.attacl) a
join api_roles r on r.oid = a.grantee
`;

interface CatalogRow {
  name: string;
  kind: string;
  column_name: string | null;
  grantee: string | null;
  privilege_type: string | null;
  is_grantable: boolean | null;
}

function grantLine(kind: string, name: string, grantee: string, privilege: string, columns?: readonly string[]): string {
  const scope = columns ? ` (${[...columns].sort().join(', ')})` : '';
  return `${kind} ${name}: ${grantee} ${privilege}${scope}`;
}

async function readGrants(client: pg.ClientBase): Promise<GrantState> {
  // Type names print unqualified, as in the expectation.
  await client.query('set search_path = public, pg_catalog');
  const { rows } = await client.query<CatalogRow>(CATALOG_SQL);
  const objects = new Map<string, string>();
  const whole: string[] = [];
  const byColumn = new Map<string, { kind: string; name: string; grantee: string; privilege: string; columns: string[] }>();
  for (const row of rows) {
    const kind = row.kind === 'function' ? 'function' : (RELATION_KINDS[row.kind] ?? row.kind);
    objects.set(row.name, kind);
    if (!row.grantee || !row.privilege_type) continue;
    const privilege = row.is_grantable ? `${row.privilege_type} WITH GRANT OPTION` : row.privilege_type;
    if (row.column_name === null) {
      whole.push(grantLine(kind, row.name, row.grantee, privilege));
      continue;
    }
    const key = `${row.name}|${row.grantee}|${privilege}`;
    const entry = byColumn.get(key) ?? { kind, name: row.name, grantee: row.grantee, privilege, columns: [] };
    entry.columns.push(row.column_name);
    byColumn.set(key, entry);
  }
  const columns = [...byColumn.values()].map((e) => grantLine(e.kind, e.name, e.grantee, e.privilege, e.columns));
  return { objects, grants: [...whole, ...columns].sort() };
}

function expectedGrants(): GrantState {
  const objects = new Map<string, string>();
  const grants: string[] = [];
  for (const [name, relation] of Object.entries(EXPECTED_RELATION_GRANTS)) {
    objects.set(name, relation.kind);
    for (const [grantee, privileges] of Object.entries(relation.grants)) {
      for (const [privilege, scope] of Object.entries(privileges ?? {})) {
        grants.push(grantLine(relation.kind, name, grantee, privilege, scope === 'whole table' ? undefined : scope));
      }
    }
  }
  for (const [signature, grantees] of Object.entries(EXPECTED_FUNCTION_GRANTS)) {
    objects.set(signature, 'function');
    for (const grantee of grantees) grants.push(grantLine('function', signature, grantee, 'EXECUTE'));
  }
  return { objects, grants: grants.sort() };
}

/** Everything that differs, in words; empty when the database is exactly as expected. */
function differences(actual: GrantState, expected: GrantState): string[] {
  const problems: string[] = [];
  for (const [name, kind] of actual.objects) {
    if (!expected.objects.has(name)) problems.push(`${kind} ${name} is not in api-grants.expected.ts: list it, with its grants or none`);
    else if (expected.objects.get(name) !== kind) problems.push(`${name} is a ${kind}, the expectation says ${expected.objects.get(name)}`);
  }
  for (const [name, kind] of expected.objects) if (!actual.objects.has(name)) problems.push(`${kind} ${name} is expected but does not exist`);
  const expectedSet = new Set(expected.grants);
  const actualSet = new Set(actual.grants);
  for (const line of actual.grants) if (!expectedSet.has(line)) problems.push(`granted but not expected: ${line}`);
  for (const line of expected.grants) if (!actualSet.has(line)) problems.push(`expected but not granted: ${line}`);
  return problems;
}

describe('API role privileges in Project A', () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: stack().a.dbUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
  });

  it('are exactly the committed expectation, for every table, view, sequence, column and function in public', async () => {
    const actual = await readGrants(client);
    expect(actual.objects.size).toBeGreaterThan(0);
    expect(differences(actual, expectedGrants())).toEqual([]);
  });

  it('catch a new table nobody granted and a grant nobody asked for', async () => {
    await client.query('begin');
    try {
      await client.query('create table public.grants_probe (id int primary key)');
      await client.query('grant delete on public.sessions to authenticated');
      await client.query('grant update (origin) on public.clients to authenticated');
      const problems = differences(await readGrants(client), expectedGrants());
      expect(problems).toEqual([
        'table grants_probe is not in api-grants.expected.ts: list it, with its grants or none',
        'granted but not expected: table clients: authenticated UPDATE (date_of_birth, email, full_name, notes, origin, phone, status)',
        'granted but not expected: table sessions: authenticated DELETE',
        'expected but not granted: table clients: authenticated UPDATE (date_of_birth, email, full_name, notes, phone, status)',
      ]);
    } finally {
      await client.query('rollback');
    }
  });

  it('come only from these grants: no API role is a member of another role whose privileges it would inherit', async () => {
    const { rows } = await client.query<{ member: string; role: string }>(
      `select m.member::regrole::text as member, m.roleid::regrole::text as role
       from pg_auth_members m join pg_roles r on r.oid = m.member
       where r.rolname = any ($1)`,
      [API_GRANTEES.filter((g) => g !== 'PUBLIC')],
    );
    expect(rows).toEqual([]);
  });

  it('leave no default privileges in public for the API roles, so a new table starts with none', async () => {
    const { rows } = await client.query<{ role: string; kind: string; grantee: string; privilege: string }>(
      `select d.defaclrole::regrole::text as role, d.defaclobjtype::text as kind, r.rolname::text as grantee, a.privilege_type as privilege
       from pg_default_acl d
       cross join lateral aclexplode(d.defaclacl) a
       join pg_roles r on r.oid = a.grantee
       where d.defaclnamespace = 'public'::regnamespace and r.rolname = any ($1)`,
      [API_GRANTEES.filter((g) => g !== 'PUBLIC')],
    );
    expect(rows).toEqual([]);
  });
});
