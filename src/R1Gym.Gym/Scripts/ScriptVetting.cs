using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// Loads script tasks safely. A script's first load happens in a child process (<see cref="ScriptProbe"/>) with a time
/// limit: it compiles the script and runs its registration once. Only when that succeeds is the compiled assembly kept,
/// under the cache folder keyed by a hash of the script, its path and this R1Gym build, and loaded in-process; later
/// loads of the same script reuse it without a child process or a compile.
/// </summary>
internal sealed class ScriptVetting(string cacheDirectory, TimeSpan timeLimit, ILogger logger)
{
    internal const string ProbeFile = "R1Gym.Gym.ScriptProbe.dll";

    // One load per assembly and process: reloading the same vetted file reuses its types.
    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);

    /// <summary>Where compiled scripts are kept by default: $XDG_CACHE_HOME/r1gym/scripts, else ~/.cache/r1gym/scripts.</summary>
    public static string DefaultCacheDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache")
            : Path.GetTempPath();
        return Path.Combine(root, "r1gym", "scripts");
    }

    /// <summary>Runs the script at <paramref name="path"/> against <paramref name="globals"/>; returns the script's value.</summary>
    /// <exception cref="ScriptCompilationException">The script does not compile.</exception>
    /// <exception cref="ScriptLoadException">The script hung, crashed or ended the process at load, or failed there.</exception>
    public object? Run(string path, ScriptGlobals globals)
    {
        var full = Path.GetFullPath(path);
        var key = Key(full);
        var dll = Path.Combine(cacheDirectory, key + ".dll");
        var vetted = Path.Combine(cacheDirectory, key + ".json");
        var result = TryRead(vetted);
        if (result?.EntryType is null || !File.Exists(dll))
        {
            logger.LogInformation("Vetting script task {Script} in a child process (first load of this version, at most {Seconds} s)", full, (int)timeLimit.TotalSeconds);
            result = Probe(full, dll, vetted);
        }
        else
            logger.LogDebug("Loading script task {Script} (vetted: {Assembly})", full, dll);
        var assembly = Loaded.GetOrAdd(dll, Assembly.LoadFrom);
        return ScriptAssembly.Run(assembly, result.EntryType!, result.EntryMethod!, globals);
    }

    private ScriptProbeResult Probe(string script, string dll, string vetted)
    {
        try
        {
            Directory.CreateDirectory(cacheDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScriptLoadException(script, $"cannot be vetted: the script cache folder {cacheDirectory} cannot be created ({e.Message}). Set Gym:ScriptCacheDirectory to a writable folder.");
        }
        var probe = Path.Combine(Path.GetDirectoryName(typeof(ScriptVetting).Assembly.Location)!, ProbeFile);
        if (!File.Exists(probe))
            throw new ScriptLoadException(script, $"the script probe {probe} is missing, so the script cannot be vetted. Rebuild R1Gym (it ships beside R1Gym.Gym.dll).");
        var stem = Path.Combine(cacheDirectory, $"{Path.GetFileNameWithoutExtension(dll)}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        string tempDll = stem + ".dll", tempResult = stem + ".result.json";
        try
        {
            var (exitCode, stderr, timedOut) = RunChild(probe, [script, tempDll, tempResult]);
            if (timedOut)
                throw new ScriptLoadException(script, $"did not finish loading within {timeLimit.TotalSeconds:0} s (an endless loop at load?) and was stopped. "
                    + "Registration must be quick: do heavy work when a task is created or a problem generated, not at the top level of the script.");
            var result = TryRead(tempResult);
            if (result is null)
                throw new ScriptLoadException(script, Ended(exitCode, stderr));
            if (result.CompileErrors is { } errors)
                throw new ScriptCompilationException(script, errors);
            if (result.Error is { } error)
                throw new ScriptLoadException(script, $"failed while registering its tasks: {error}");
            File.Move(tempDll, dll, overwrite: true);
            File.Move(tempResult, vetted, overwrite: true);
            return result;
        }
        finally
        {
            TryDelete(tempDll);
            TryDelete(tempResult);
        }
    }

    private static string Ended(int exitCode, string stderr)
    {
        var lastWords = string.Join(" ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
        var guess = lastWords.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase) ? "a stack overflow (endless recursion?)"
            : exitCode is 134 or 139 || exitCode < 0 ? "a crash"
            : "the process ending (Environment.Exit?)";
        return $"ended its process while loading, exit code {exitCode}: {guess}{(lastWords.Length > 0 ? $" ({Truncate(lastWords)})" : "")}. "
            + "A script must only register its tasks at load; it may not exit or recurse without end.";
    }

    private (int ExitCode, string Stderr, bool TimedOut) RunChild(string probe, string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(probe);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new ScriptLoadException(arguments[0], "the script probe process could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync(); // drained so a chatty script cannot block on a full pipe
        if (!process.WaitForExit(timeLimit))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it ended between the wait and the kill
            }
            process.WaitForExit();
            return (-1, "", true);
        }
        process.WaitForExit();
        _ = stdout.GetAwaiter().GetResult();
        return (process.ExitCode, stderr.GetAwaiter().GetResult(), false);
    }

    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet")
            return p;
        // .../shared/Microsoft.NETCore.App/<version>/ -> the dotnet root three levels up.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        return Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
    }

    private static string Key(string fullPath)
    {
        var host = typeof(ScriptVetting).Assembly.ManifestModule.ModuleVersionId.ToString("N");
        var text = $"{fullPath}\n{host}\n{Environment.Version}\n{File.ReadAllText(fullPath, Encoding.UTF8)}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32].ToLowerInvariant();
    }

    private static ScriptProbeResult? TryRead(string path)
    {
        try
        {
            var result = File.Exists(path) ? JsonSerializer.Deserialize<ScriptProbeResult>(File.ReadAllText(path), ScriptProbe.Json) : null;
            return result is { CompileErrors: not null } or { Error: not null } or { EntryType: not null, EntryMethod: not null } ? result : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover temporary file in the cache folder is harmless
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..297] + "...";
}

/// <summary>A script task that compiled but could not be loaded: it hung, crashed, exited or threw while registering.</summary>
public sealed class ScriptLoadException : R1GymException
{
    internal ScriptLoadException(string path, string reason)
        : base($"Script task {path} {reason}")
    {
        Path = path;
    }

    /// <summary>The script's full path.</summary>
    public string Path { get; }
}
