/**
 * Sample pickles for the panel, copied from the CPython-made vectors (core/vectors/pickles.json, or
 * pickle-loads.json for the ones CPython was watched loading), named in `vector`; the tests check
 * that each is still byte for byte the vector it names.
 */
export interface SamplePickle {
  id: string;
  label: string;
  vector: string;
  protocol: number | null;
  hex: string;
}

export const SAMPLE_PICKLES: readonly SamplePickle[] = [
  {
    id: 'session',
    label: 'Session data (a dict)',
    vector: 'dict',
    protocol: 4,
    hex: '80049525000000000000007d94288c046e616d65948c05616c696365948c03616765944b1e8c0561646d696e9489752e',
  },
  {
    id: 'instance',
    label: 'A class instance',
    vector: 'class instance',
    protocol: 4,
    hex: '8004952a000000000000008c085f5f6d61696e5f5f948c05506f696e749493942981947d94288c0178944b018c0179944b0275622e',
  },
  {
    id: 'classic',
    label: 'os.system, as in 2012 (protocol 0)',
    vector: 'classic os.system',
    protocol: null,
    hex: '636f730a73797374656d0a2853276964270a74522e',
  },
  {
    id: 'reduce',
    label: 'pickle.dumps of a __reduce__ payload',
    vector: "reduce: os.system('id')",
    protocol: 4,
    hex: '8004951d000000000000008c05706f736978948c0673797374656d9493948c02696494859452942e',
  },
  {
    id: 'eval',
    label: 'builtins.eval of a string',
    vector: 'reduce: eval(...)',
    protocol: 2,
    hex: '8002635f5f6275696c74696e5f5f0a6576616c0a7100581d0000005f5f696d706f72745f5f28276f7327292e73797374656d28276964272971018571025271032e',
  },
  {
    id: 'getattr',
    label: 'getattr(__import__("os"), "system")',
    vector: 'getattr chain',
    protocol: null,
    hex: '636275696c74696e730a676574617474720a28636275696c74696e730a5f5f696d706f72745f5f0a2853276f73270a7452532773797374656d270a74522853276964270a74522e',
  },
  {
    id: 'setstate',
    label: 'BUILD plants __setstate__, then calls it',
    vector: 'BUILD __setstate__ trick',
    protocol: null,
    hex: '8002635f5f6d61696e5f5f0a506f696e740a29817d580c0000005f5f73657473746174655f5f636f730a73797374656d0a736258020000006964622e',
  },
  {
    id: 'frame',
    label: 'A FRAME that lies: two readers, two programs',
    vector: 'lying frame: a BINBYTES length split by the frame end hides os.system',
    protocol: null,
    hex: '8004950200000000000000422900000000636f730a73797374656d0a53276563686f2068696464656e20696e2061206672616d65270a8552302e',
  },
  {
    id: 'trailing',
    label: 'A second pickle after the first',
    vector: 'trailing pickle that calls eval',
    protocol: null,
    hex: '4e2e636275696c74696e730a6576616c0a2853225f5f696d706f72745f5f28276f7327292e73797374656d28276563686f206576616c2729220a74522e',
  },
];

export function findSample(id: string): SamplePickle | undefined {
  return SAMPLE_PICKLES.find((s) => s.id === id);
}
