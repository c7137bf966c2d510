using System.Runtime.InteropServices;

namespace R1Gym.Cli;

/// <summary>
/// Ctrl+C and SIGTERM for the whole CLI. Commands get <see cref="Abort"/> as their cancellation token. A training command
/// calls <see cref="OfferGracefulStop"/>: then the first Ctrl+C (or SIGTERM) fires <see cref="StopRequested"/> instead, the
/// trainer finishes its step, writes a checkpoint and the command exits 130; a second Ctrl+C ends the process at once.
/// </summary>
internal static class Interrupts
{
    private static readonly CancellationTokenSource AbortSource = new();
    private static readonly CancellationTokenSource StopSource = new();
    private static PosixSignalRegistration? _terminate;
    private static volatile bool _graceful;

    /// <summary>Cancelled when the command must stop now (the first Ctrl+C of a command without a graceful stop).</summary>
    public static CancellationToken Abort => AbortSource.Token;

    /// <summary>Cancelled on the first Ctrl+C of a command that offered a graceful stop.</summary>
    public static CancellationToken StopRequested => StopSource.Token;

    public static void Install()
    {
        Console.CancelKeyPress += (_, e) => e.Cancel = Interrupt();
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = Interrupt());
    }

    /// <summary>From now on the first interrupt asks for a graceful stop (<see cref="StopRequested"/>).</summary>
    public static void OfferGracefulStop() => _graceful = true;

    /// <summary>True keeps the process alive (the interrupt was turned into a token); false lets it end.</summary>
    private static bool Interrupt()
    {
        if (_graceful && !StopSource.IsCancellationRequested)
        {
            Console.Error.WriteLine("stopping after this step and writing a checkpoint (Ctrl+C again to stop at once; --resume continues the run)");
            StopSource.Cancel();
            return true;
        }
        if (!_graceful && !AbortSource.IsCancellationRequested)
        {
            AbortSource.Cancel();
            return true;
        }
        return false;
    }
}
