import { describe, expect, it } from 'vitest';
import { EventCode } from './schemas';
import { isBadgeCode, latinDigits, normaliseBadgeCode, typedEventCode } from './badge-code';

describe('codes as phones type them', () => {
	it('reads the digits of an Arabic or Urdu keyboard, and full-width ones, as Latin digits', () => {
		expect(latinDigits('ISB٢٦')).toBe('ISB26');
		expect(latinDigits('ISB۲۶')).toBe('ISB26');
		expect(latinDigits('ＩＳＢ２６')).toBe('ISB26');
		expect(latinDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789 0123456789');
	});
	it('takes an event code typed with Arabic or Urdu digits, or with the spaces of the hall screen’s spaced letters', () => {
		for (const typed of ['ISB٢٦', 'isb۲۶', 'ISB 26', ' I S B 2 6 ', 'ISB\u00a026'])
			expect(EventCode.safeParse(typedEventCode(typed))).toEqual({ success: true, data: 'ISB26' });
		expect(EventCode.safeParse(typedEventCode('BRU-27')).data).toBe('BRU-27');
		expect(EventCode.safeParse(typedEventCode('ISB/26')).success).toBe(false);
	});
	it('takes a badge code typed with Arabic or Urdu digits and any dash', () => {
		expect(normaliseBadgeCode('TYHF٤-٦٧٠FG')).toBe('TYHF4670FG');
		expect(normaliseBadgeCode('tyhf۴–۶۷۰fg')).toBe('TYHF4670FG');
		expect(isBadgeCode(normaliseBadgeCode('K7P2M‐9XQ4T'))).toBe(true);
		expect(normaliseBadgeCode('k7p2m 9xq4t')).toBe('K7P2M9XQ4T');
	});
});
