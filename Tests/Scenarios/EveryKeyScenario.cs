namespace Emulation.Tests.Scenarios;

/// <summary>
/// A valid scenario that uses every key of the format (docs/scenarios.md) at least once, most with a
/// value other than its default: the round-trip test reads it back, the malformed-scenario tests break
/// it one way at a time.
/// </summary>
internal static class EveryKeyScenario
{
    public const string Text = """
        # A made-up laptop with an eGPU: every key of the scenario format once.
        scenario {
          id = S1
          name = "test laptop"
          seed = 42
          machines = 3
          frames = 90
          kernel { pin-timing = attach, move-notify = true, no-move = rfc-hook, same-device = supported, respects-attachments = false }
          topology {
            name = laptop
            devices = [
              { id = igpu, driver = i915, kind = render-display, boot-vga = true, iommu = true,
                outputs = [ { name = edp, refresh = 120, size = 2560x1600, built-in = true } ] }
              { id = dgpu, driver = amdgpu, kind = render-display, vram = 4GiB, resizable-bar = true, bar = 512MiB, present = true,
                bandwidth { vram = 448, link = 15.75, memory = 60 },
                profile { respects-attachments = false, pin-vram-when-all-p2p = false, no-move-hook = never-moves, throttles-moves = false },
                outputs = [hdmi, { name = dp-1, refresh = 144 }] }
              { id = egpu, driver = xe, vram = 12GiB, present = false, outputs = [] }
              { id = apu, driver = amdgpu-apu, kind = render-only, carveout = 1GiB }
            ]
            p2p = [[dgpu, egpu]]
            memory { gtt = 4GiB, system = 32GiB, cma = 128MiB, cpu-bandwidth = 12.5, cpu-wc-read = 0.3 }
          }
          compositor { primary = integrated, render = per-output, force-copy = gpu-copy, sticky-fallback = false }
          policies = [client-hint, legacy, "no-move-probe/output-first"]
          clients = [
            { name = game, device = dgpu, allocation = sampling-device, buffers = 2, size = 3840x2160, format = AR24, output = hdmi, fps = 144, start = 5, stop = 80 }
            { name = term, kind = terminal, gpu-ms = 0.5, touches = 2, damage = 0.05, allocation = main-device, output = edp }
            { name = video, device = igpu, allocation = prime-blit, output = dp-1, fps = 30 }
            { name = tool, device = egpu, allocation = tranche-walk, output = edp, start = 60 }
          ]
          timeline = [
            { frame = 40, move-window { client = game, output = dp-1 } }
            { frame = 10, vram-pressure { device = dgpu, bytes = 1GiB, frames = 20, active = true } }
            { frame = 20, vram-pressure { device = egpu, leave = 64MiB, pinned = true } }
            { frame = 30, unplug { device = dgpu } }
            { frame = 35, replug { device = dgpu } }
            { frame = 50, client-stop { client = video } }
            { frame = 55, client-start { client = video } }
            { frame = 60, knob { move-notify = false, no-move = placement } }
          ]
          variation {
            dgpu.vram = [2GiB, 4GiB]
            dgpu.resizable-bar = [false, true]
            dgpu.link-bandwidth = [3.94, 15.75]
            egpu.present = [true, false]
            apu.carveout = [512MiB, 1GiB]
            game.start = [0, 5, 10]
            game.fps = [60, 144]
            video.device = [igpu, dgpu]
            video.output = [edp, dp-1]
            term.buffers = [2, 3]
          }
          expect {
            legacy = ["import-migrations > 0", "mean(pinned-in-system) >= 1.5"]
            client-hint = ["imports.failed.EINVAL = 0", "copies.blit <= 10", "gpu-us.dgpu > 0", "missed-frames.hdmi != 3"]
            "*" = ["invariant-violations == 0", "mean(imports) < 1000"]
          }
        }
        """;
}
