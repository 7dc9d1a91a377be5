import { performance } from 'node:perf_hooks'

/** Runs `fn` n times and prints the median (and min/max) in milliseconds. */
export async function median(label: string, fn: () => Promise<unknown>, runs = 7): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const m = times[Math.floor(times.length / 2)] as number
  console.log(`${label.padEnd(52)} median ${m.toFixed(2).padStart(9)} ms   (min ${(times[0] as number).toFixed(2)}, max ${(times[times.length - 1] as number).toFixed(2)}, n=${runs})`)
  return m
}
