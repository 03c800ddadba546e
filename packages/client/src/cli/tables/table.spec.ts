import { renderTable, reshape, sortRows, title } from './table';
import { ageOf, timeFormat } from './time-format';

describe('renderTable: scctl layout (tablewriter, no border)', () => {
  test("reproduces the `scctl get svc` example of Service-Center's plugin README byte for byte", () => {
    // servicecomb-service-center scctl/pkg/plugin/README.md (rows as printed there, unsorted;
    // the README trims the trailing blanks of its last line only).
    const expected = [
      '      NAME      |   APPID   | VERSIONS |     ENV     |               FRAMEWORK                | AGE  ',
      '+---------------+-----------+----------+-------------+----------------------------------------+-----+',
      '  SERVICECENTER | default   | 0.0.1    | development |                                        | 9d   ',
      '  Client        | springmvc | 1.0.0    |             |                                        | 9d   ',
      '  consumer      | springmvc | 0.0.1    |             | servicecomb-java-chassis-CSE:2.3.35... | 9d   ',
      '  provider      | springmvc | 0.0.1    |             | servicecomb-java-chassis-CSE:2.3.35... | 9d   ',
      '',
    ].join('\n');
    const fw = 'servicecomb-java-chassis-CSE:2.3.35;ServiceComb:1.1.0.B006';
    const rows = [
      ['SERVICECENTER', 'default', '0.0.1', 'development', '', '9d'],
      ['Client', 'springmvc', '1.0.0', '', '', '9d'],
      ['consumer', 'springmvc', '0.0.1', '', fw, '9d'],
      ['provider', 'springmvc', '0.0.1', '', fw, '9d'],
    ].map((r) => reshape(r));
    expect(renderTable(['NAME', 'APPID', 'VERSIONS', 'ENV', 'FRAMEWORK', 'AGE'], rows)).toBe(expected);
  });

  test('reproduces the README example of `scctl get svc -d test`', () => {
    expect(renderTable(['NAME', 'APPID', 'VERSIONS', 'ENV', 'FRAMEWORK', 'AGE'], [['Server', 'default', '1.0.0,1.0.1', '', '', '1d']])).toBe(
      ['   NAME  |  APPID  |  VERSIONS   | ENV | FRAMEWORK | AGE  ', '+--------+---------+-------------+-----+-----------+-----+', '  Server | default | 1.0.0,1.0.1 |     |           | 1d   ', ''].join(
        '\n',
      ),
    );
  });

  test('multi-valued cells take one line per value; the row grows to its tallest cell', () => {
    expect(renderTable(['CLUSTER', 'ENDPOINTS'], [['sc1', 'http://10.0.0.1:30100\nhttp://10.0.0.2:30100'], ['sc2', 'http://10.0.1.1:30100']])).toBe(
      [
        '  CLUSTER |       ENDPOINTS        ',
        '+---------+-----------------------+',
        '  sc1     | http://10.0.0.1:30100  ',
        '          | http://10.0.0.2:30100  ',
        '  sc2     | http://10.0.1.1:30100  ',
        '',
      ].join('\n'),
    );
  });

  test('numbers are right aligned, text left aligned, headers centred', () => {
    expect(renderTable(['SOURCE', 'INSTANCES'], [['sc1/local', '7'], ['sc2/servicecenter', '1,200']])).toBe(
      [
        '       SOURCE       | INSTANCES  ',
        '+-------------------+-----------+',
        '  sc1/local         |         7  ',
        '  sc2/servicecenter |     1,200  ',
        '',
      ].join('\n'),
    );
  });

  test('an empty table still prints its header and separator', () => {
    expect(renderTable(['CLUSTER', 'ENDPOINTS'], [])).toBe('  CLUSTER | ENDPOINTS  \n+---------+-----------+\n');
  });
});

describe('table helpers', () => {
  test('sortRows orders by the first column in byte order, ties by the next columns', () => {
    expect(sortRows([['b', '1'], ['B', '2'], ['a', '2'], ['a', '1']])).toEqual([
      ['B', '2'],
      ['a', '1'],
      ['a', '2'],
      ['b', '1'],
    ]);
  });

  test('reshape cuts a cell only when it is more than 3 characters over 35', () => {
    const c38 = 'x'.repeat(38);
    const c39 = 'y'.repeat(39);
    expect(reshape([c38, c39])).toEqual([c38, 'y'.repeat(35) + '...']);
  });

  test("title is tablewriter's header format", () => {
    expect(title('last_error')).toBe('LAST ERROR');
    expect(title('v1.0')).toBe('V1.0');
    expect(title('a.b')).toBe('A B');
  });
});

describe('timeFormat (scctl TimeFormat)', () => {
  test.each([
    [0, '0s'],
    [59_400, '59s'],
    [59_600, '60s'],
    [90_000, '2m'], // 1.5 -> 2 (half to even)
    [150_000, '2m'], // 2.5 -> 2 (half to even)
    [120_000, '2m'],
    [3_599_000, '60m'],
    [5_400_000, '2h'],
    [86_399_000, '24h'],
    [86_400_000, '1d'],
    [3 * 86_400_000 + 86_399_000, '3d'],
  ])('%i ms -> %s', (ms, text) => {
    expect(timeFormat(ms)).toBe(text);
  });

  test('ageOf measures from the oldest timestamp', () => {
    expect(ageOf(['1000', '900', undefined], 1_000_000)).toBe('2m');
  });
});
