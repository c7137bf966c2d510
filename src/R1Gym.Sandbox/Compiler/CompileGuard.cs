using System.Diagnostics;
using System.Runtime.InteropServices;

namespace R1Gym.Sandbox.Compiler;

/// <summary>
/// The compile time limit, counted in the compile thread's CPU time, so a compile on a busy machine is not cut short
/// by the wait for a core: cancels when the thread has used the limit, or when a whole limit of wall-clock time passes
/// in which it used under 0.2% of a core (it is stuck, not slow). Checked by a timer a few times per limit; most compiles
/// end before its first tick. Falls back to a wall-clock limit where the thread's CPU clock cannot be read.
/// </summary>
internal sealed partial class CompileGuard : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly int _clock;
    private readonly bool _hasClock;
    private readonly long _limitNs;
    private readonly long _cpuStart;
    private readonly Timer? _timer;
    private long _windowCpuStart;
    private long _windowStart = Stopwatch.GetTimestamp();

    /// <summary>Starts guarding the calling thread's compile; <paramref name="cancel"/> is cancelled at the limit.</summary>
    public CompileGuard(CancellationTokenSource cancel, int limitMs)
    {
        _cancel = cancel;
        _limitNs = limitMs * 1_000_000L;
        // A thread's CPU clock id is negative (the kernel encodes the thread in it): only the call's result says it is valid.
        _hasClock = pthread_getcpuclockid(pthread_self(), out _clock) == 0;
        _cpuStart = _windowCpuStart = Cpu();
        if (_cpuStart < 0)
        {
            cancel.CancelAfter(limitMs);
            return;
        }
        int period = Math.Clamp(limitMs / 10, 10, 250);
        _timer = new Timer(_ => Check(), null, period, period);
    }

    /// <summary>True when this guard (not the caller's token) stopped the compile.</summary>
    public bool TimedOut { get; private set; }

    private void Check()
    {
        long cpu = Cpu();
        long now = Stopwatch.GetTimestamp();
        bool over = cpu - _cpuStart >= _limitNs;
        if (!over && Stopwatch.GetElapsedTime(_windowStart, now).Ticks * 100 >= _limitNs)
        {
            over = cpu - _windowCpuStart < _limitNs / 500;
            (_windowStart, _windowCpuStart) = (now, cpu);
        }
        if (!over || TimedOut)
            return;
        TimedOut = true;
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The compile ended as the timer fired.
        }
    }

    private long Cpu() => _hasClock && clock_gettime(_clock, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : -1;

    public void Dispose() => _timer?.Dispose();

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc")]
    private static partial nuint pthread_self();

    [LibraryImport("libc")]
    private static partial int pthread_getcpuclockid(nuint thread, out int clock);

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, out Timespec time);
}
