import { ForgotPasswordScreen } from './EmailRequestScreen';

/** `/forgot-password`: a link to choose a new password. */
export default ForgotPasswordScreen;
