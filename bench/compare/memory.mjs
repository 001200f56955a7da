// What a page holds, for the side-by-side benchmarks (bench/compare, bench/studio).

// JS heap (V8's used size, after a forced GC) and the size of every WebAssembly.Memory.
export async function memory(cdp) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const proto = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
  const objs = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
  const sum = await cdp.send('Runtime.callFunctionOn', {
    objectId: objs.objects.objectId,
    functionDeclaration: 'function () { return this.reduce((n, m) => n + m.buffer.byteLength, 0); }',
    returnByValue: true,
  });
  const metrics = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.metrics.map((x) => [x.name, x.value]));
  return { jsHeap: heap.usedSize, wasm: sum.result.value ?? 0, nodes: m.Nodes, jsHeapMetric: m.JSHeapUsedSize };
}
