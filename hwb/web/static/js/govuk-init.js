// Starts GOV.UK Frontend components (service navigation menu, skip link, details, error summary).
import { initAll } from '/static/vendor/govuk/govuk-frontend.min.js';

initAll();
