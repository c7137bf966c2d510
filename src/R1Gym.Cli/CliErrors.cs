using System.Reflection;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;

namespace R1Gym.Cli;

/// <summary>
/// The one place where an exception becomes an exit code and a message on stderr. Bad input (an
/// <see cref="R1GymException"/>, invalid options, an unknown configuration key, a file the OS refuses) is exit 2 with
/// one line that says what is wrong and how to fix it; anything else is a bug, exit 1, also one line. Stack traces
/// appear only with <c>-v</c>/<c>--verbose</c>.
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code of a usage or input error.</summary>
    public const int InputError = 2;

    /// <summary>Exit code of an unexpected failure (a bug in R1Gym or a plugin).</summary>
    public const int InternalError = 1;

    /// <summary>Exit code after Ctrl+C.</summary>
    public const int Cancelled = 130;

    /// <summary>True when the command line asks for debug output (stack traces included).</summary>
    public static bool IsVerbose(IReadOnlyList<string> args) => args.Any(a => a is "-v" or "--verbose");

    /// <summary>Writes the message for <paramref name="error"/> to <paramref name="stderr"/> and returns the exit code.</summary>
    public static int Report(Exception error, bool verbose, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(stderr);
        while (error is TargetInvocationException or AggregateException && error.InnerException is { } inner)
            error = inner;
        var (code, message) = Describe(error);
        stderr.WriteLine(code == Cancelled ? message : $"error: {message}");
        if (verbose)
            stderr.WriteLine(error.ToString());
        else if (code == InternalError)
            stderr.WriteLine("(run the command again with -v for the stack trace, and please report it)");
        return code;
    }

    private static (int Code, string Message) Describe(Exception error) => error switch
    {
        R1GymException e => (InputError, e.Message),
        OptionsValidationException e => (InputError, $"invalid configuration: {string.Join("; ", e.Failures)}"),
        // ErrorOnUnknownConfiguration: a misspelt --set key or appsettings entry must not be silently ignored.
        InvalidOperationException e when e.Source == "Microsoft.Extensions.Configuration.Binder" =>
            (InputError, $"invalid configuration: {e.Message.TrimEnd('.')}. Check the key's spelling (see the command's --help or the options' docs)."),
        OperationCanceledException => (Cancelled, "cancelled"),
        UnauthorizedAccessException e => (InputError, $"{e.Message} Check the path's permissions, or choose another path."),
        DirectoryNotFoundException e => (InputError, $"{e.Message} Create the folder, or fix the path."),
        FileNotFoundException e => (InputError, $"{e.Message} Check the path."),
        IOException e when DiskFull(e) => (InputError, $"the disk is full ({e.Message.TrimEnd('.')}). Free some space, or write to another disk."),
        OutOfMemoryException => (InputError, "out of memory: the request is larger than this machine can hold. Ask for less (fewer samples, a smaller batch or fewer tokens)."),
        _ => (InternalError, $"internal error: {error.GetType().Name}: {error.Message}"),
    };

    // ENOSPC (28) and EDQUOT (122) on Linux; ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
    private static bool DiskFull(IOException e) => (e.HResult & 0xFFFF) is 28 or 122 or 0x70 or 0x27;
}
