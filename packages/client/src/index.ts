// @service-center/client: the SDK applications import, and scctl (built in later issues).
export const CLIENT_PACKAGE = '@service-center/client';
