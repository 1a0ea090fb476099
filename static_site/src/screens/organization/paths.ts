/** Where the organization screens live (their entries in src/app/routes.ts use these). */

/** The onboarding wizard; `?step=` names the step. */
export const WIZARD_PATH = '/organizations/new';

/** The person's organizations: open, create, restore. */
export const ORGANIZATIONS_PATH = '/organizations';

/** The current organization's profile, logo, export and deletion. */
export const PROFILE_PATH = '/organization';

/** Where the app goes once an organization is open: its home. */
export const HOME_PATH = '/';
