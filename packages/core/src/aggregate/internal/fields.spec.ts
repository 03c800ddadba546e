import type { MicroService } from '../../model/micro-service';
import type { MicroServiceInstance } from '../../model/instance';
import { DEFINITION_FIELDS, INSTANCE_FIELDS, sameDefinition, sameInstance } from './fields';

// The fast comparators name their fields by hand; the codecs are the truth. A field added to
// MicroService or MicroServiceInstance and not to sameDefinition / sameInstance fails here.
const valueFor = (field: string): unknown => (['schemas', 'endpoints', 'paths', 'providers'].includes(field) ? ['x'] : field === 'framework' || field === 'healthCheck' || field === 'dataCenterInfo' || field === 'properties' || field === 'LBStrategy' ? { k: 'v' } : 'x');

describe('compared fields', () => {
  it.each(DEFINITION_FIELDS)('sameDefinition sees a difference in %s', (field) => {
    const b = { [field]: valueFor(field) } as unknown as MicroService;
    expect(sameDefinition({}, b)).toBe(false);
    expect(sameDefinition(b, { ...b })).toBe(true);
  });

  it.each(INSTANCE_FIELDS)('sameInstance sees a difference in %s', (field) => {
    const b = { [field]: valueFor(field) } as unknown as MicroServiceInstance;
    expect(sameInstance({}, b)).toBe(false);
    expect(sameInstance(b, { ...b })).toBe(true);
  });

  it('ignores serviceId and the registration times of definitions, and the times of instances', () => {
    expect(DEFINITION_FIELDS).not.toContain('serviceId');
    expect(DEFINITION_FIELDS).not.toContain('timestamp');
    expect(INSTANCE_FIELDS).not.toContain('modTimestamp');
    expect(sameDefinition({ timestamp: '1', serviceId: 'a' }, { timestamp: '2', serviceId: 'b' })).toBe(true);
  });
});
