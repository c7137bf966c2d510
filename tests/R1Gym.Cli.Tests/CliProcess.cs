using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace R1Gym.Cli.Tests;

/// <summary>The outcome of one r1gym run.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the r1gym built next to these tests (same configuration) as a separate process.</summary>
public static class CliProcess
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string CliDirectory { get; } = Path.Combine(RepositoryRoot, "src", "R1Gym.Cli", "bin", Configuration, "net10.0");

    public static Task<CliResult> RunAsync(
        IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(StartInfo(args, workingDirectory, environment), stdin);

    /// <summary>How to start r1gym with <paramref name="args"/>, every stream redirected.</summary>
    public static ProcessStartInfo StartInfo(
        IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(CliDirectory, "r1gym.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        return start;
    }

    public static async Task<CliResult> RunAsync(ProcessStartInfo start, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var guard = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot([CallerFilePath] string path = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "R1Gym.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("R1Gym.sln not found above the test sources.");
    }
}
