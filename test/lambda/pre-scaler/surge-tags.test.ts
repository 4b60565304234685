import fc from 'fast-check';
import {
  decodeOverride,
  decodeSurgeRecord,
  encodeOverrideTags,
  encodeSurgeRecord,
  MAX_TAG_VALUE_LENGTH,
  SURGE_TAG_KEYS,
  TAG_VALUE_PATTERN,
  tagSafe,
} from '../../../lambda/pre-scaler/contract';
import type { OverrideTarget, SurgeRecord } from '../../../lambda/pre-scaler/core';

const T0 = Date.UTC(2026, 10, 27, 14, 5);

describe('surge and override tags', () => {
  it('round-trips a provisioned surge record through its tag value', () => {
    const record: SurgeRecord = {
      level: 2,
      writer: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
      readerFloor: 4,
      sinceMs: T0,
      lastStepMs: T0 + 1_800_000,
    };
    const value = encodeSurgeRecord(record);
    expect(value).toBe('level=2 writer=db.r6g.4xlarge floor=4 since=2026-11-27T14:05:00.000Z last=2026-11-27T14:35:00.000Z');
    expect(
      decodeSurgeRecord([
        { Key: 'Name', Value: 'x' },
        { Key: SURGE_TAG_KEYS.surge, Value: value },
      ]),
    ).toEqual({ ok: true, value: record });
  });

  it('round-trips any record, and every value it writes is one RDS accepts', () => {
    const writer = fc.oneof(
      fc
        .constantFrom('db.r6g.large', 'db.r7g.16xlarge', 'db.t4g.medium')
        .map((instanceClass) => ({ kind: 'provisioned' as const, instanceClass })),
      fc.tuple(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 512 })).map(([a, b]) => ({
        kind: 'serverless-v2' as const,
        minCapacity: Math.min(a, b) / 2,
        maxCapacity: Math.max(a, b) / 2,
      })),
    );
    const ms = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) });
    fc.assert(
      fc.property(
        writer,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 15 }),
        ms,
        ms,
        (w, level, readerFloor, sinceMs, lastStepMs) => {
          const record: SurgeRecord = { level, writer: w, readerFloor, sinceMs, lastStepMs };
          const value = encodeSurgeRecord(record);
          expect(TAG_VALUE_PATTERN.test(value) && value.length <= MAX_TAG_VALUE_LENGTH).toBe(true);
          expect(decodeSurgeRecord([{ Key: SURGE_TAG_KEYS.surge, Value: value }])).toEqual({ ok: true, value: record });
        },
      ),
    );
  });

  it('reads no surge when the tag is absent, and names the fix when it cannot be read', () => {
    expect(decodeSurgeRecord([])).toEqual({ ok: true, value: undefined });
    const bad = decodeSurgeRecord([{ Key: SURGE_TAG_KEYS.surge, Value: 'level=one writer=db.r6g.large' }]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toMatch(/aurora-surge:surge.*cannot be read.*Fix: remove the tag/);
  });

  it('writes an override as three tags in one record, and reads it back', () => {
    const target: OverrideTarget = {
      writer: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
      readerFloor: 4,
      setAtMs: T0,
      untilMs: T0 + 6 * 3_600_000,
      by: 'arn:aws:sts::123456789012:assumed-role/Operators/jane,doe',
      reason: 'TV spot at 14:00',
    };
    const tags = encodeOverrideTags(target);
    expect(tags.map((t) => t.Key)).toEqual([SURGE_TAG_KEYS.override, SURGE_TAG_KEYS.overrideBy, SURGE_TAG_KEYS.overrideReason]);
    expect(tags.every((t) => TAG_VALUE_PATTERN.test(t.Value))).toBe(true);
    expect(decodeOverride(tags)).toEqual({
      ok: true,
      value: { ...target, by: 'arn:aws:sts::123456789012:assumed-role/Operators/jane_doe' },
    });
  });

  it('reads a Serverless v2 override without a reader floor', () => {
    const target: OverrideTarget = {
      writer: { kind: 'serverless-v2', minCapacity: 8, maxCapacity: 64 },
      setAtMs: T0,
      untilMs: T0 + 3_600_000,
      by: 'ops',
      reason: 'x',
    };
    expect(decodeOverride(encodeOverrideTags(target))).toEqual({ ok: true, value: target });
  });

  it('refuses an override that asks for nothing, or whose writer cannot be read', () => {
    expect(
      decodeOverride([{ Key: SURGE_TAG_KEYS.override, Value: 'set=2026-11-27T14:05:00.000Z until=2026-11-27T20:05:00.000Z' }]).ok,
    ).toBe(false);
    expect(
      decodeOverride([{ Key: SURGE_TAG_KEYS.override, Value: 'writer=huge set=2026-11-27T14:05:00.000Z until=2026-11-27T20:05:00.000Z' }])
        .ok,
    ).toBe(false);
  });

  it('makes an ARN tag-safe and cuts it to the value limit', () => {
    expect(tagSafe('a,b;c')).toBe('a_b_c');
    expect(tagSafe('x'.repeat(300))).toHaveLength(MAX_TAG_VALUE_LENGTH);
  });
});
