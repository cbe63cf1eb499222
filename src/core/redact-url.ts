/** `scheme://user:password@`, wherever a URL sits in a text (a `/` in the password is taken as part of it). */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s?#@]*@/gi;

/**
 * The text with the password of every URL in it replaced by `***` (`https://user:***@host/`). A URL's
 * password is a credential: no message, debug line or listing may show it.
 */
export function redactUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@");
}
