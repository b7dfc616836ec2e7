import { test as setup } from '@playwright/test';
import { THERAPISTS, type TherapistKey } from '@/lib/testing/demo';
import { LoginPage, storageStateOf } from './support/pages';

// Each demo therapist signs in through the form once per run; the specs start from the saved state.
for (const therapist of Object.keys(THERAPISTS) as TherapistKey[]) {
  setup(`sign in as ${THERAPISTS[therapist].name}`, async ({ page }) => {
    await new LoginPage(page).signInAsDemo(therapist);
    await page.context().storageState({ path: storageStateOf(therapist) });
  });
}
