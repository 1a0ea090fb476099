import { ResendVerificationScreen } from './EmailRequestScreen';

/** `/verify-email/resend`: a new verification link. */
export default ResendVerificationScreen;
