/** Letters of the Arabic script (Arabic, Urdu, Persian and their supplements). */
const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF]/;

/**
 * The comma between a speaker's name and role, in the name's own script: "Dr Aisha Khan, Ministry" but
 * "ڈاکٹر عائشہ خان، وزارت داخلہ" (the Arabic comma that Urdu and Arabic keyboards type, which the form accepts).
 */
export const speakerComma = (name: string) => (ARABIC_SCRIPT.test(name) ? '، ' : ', ');
