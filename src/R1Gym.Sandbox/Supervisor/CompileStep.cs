using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using R1Gym.Sandbox.Compiler;
using R1Gym.Sandbox.Protocol;

namespace R1Gym.Sandbox.Supervisor;

/// <summary>
/// The supervisor's view of the compile step: results cached by source hash, and compiles sent to the compiler process
/// (<see cref="CompilerProcess"/>), or run in this process when <see cref="SandboxOptions.CompileInProcess"/> is set,
/// the compiler's files are missing, or it cannot start (logged once).
/// </summary>
internal sealed class CompileStep : IAsyncDisposable
{
    private readonly SandboxOptions _options;
    private readonly CompileLimits _limits;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, CompileOutcome> _cache = new();
    private readonly ConcurrentQueue<string> _order = new();
    private CompilerProcess? _process;

    public CompileStep(SandboxOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _limits = options.CompileLimits;
        if (!options.CompileInProcess && CompilerProcess.Available)
            _process = new CompilerProcess(_limits);
    }

    /// <summary>Where compiles run: "compiler process" or "this process".</summary>
    public string Where => _process is null ? "this process" : "compiler process";

    /// <summary>Compiler processes started so far (0 when compiling in this process).</summary>
    public int ProcessStarts => _process?.Starts ?? 0;

    internal CompilerProcess? Process => _process;

    /// <summary>Starts the compiler process (or warms Roslyn in this one); falls back to this process if it cannot start.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (_process is not null)
        {
            try
            {
                await _process.StartAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                await FallBackAsync(e).ConfigureAwait(false);
            }
        }
        await AnswerCompiler.WarmUpAsync(ct).ConfigureAwait(false);
    }

    private async Task FallBackAsync(Exception why)
    {
        if (Interlocked.Exchange(ref _process, null) is not { } process)
            return;
        _logger.LogError("Compiling answers in this process instead: {Problem}", why.Message);
        await process.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Compiles <paramref name="code"/> for <paramref name="spec"/>; never throws for bad code.</summary>
    public async Task<CompileOutcome> CompileAsync(string code, TestSpec spec, CancellationToken ct)
    {
        var request = new CompileRequest(code, spec.Mode == TestMode.Stdio, spec.EntryType, spec.EntryMethod, spec.Tests.Select(t => t.Args?.Count ?? 0).ToArray());
        string key = Key(request);
        if (_cache.TryGetValue(key, out var cached))
            return cached with { CacheHit = true, CompileMs = 0 };
        if (_process is { } process)
        {
            try
            {
                return Remember(key, await process.CompileAsync(request, ct).ConfigureAwait(false));
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // A replacement compiler process could not start: compile here from now on rather than fail answers.
                await FallBackAsync(e).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (_process is null)
            {
                // Another answer's fallback stopped the process this one was waiting on.
            }
        }
        return Remember(key, await AnswerCompiler.CompileAsync(request, _limits, ct).ConfigureAwait(false));
    }

    private CompileOutcome Remember(string key, CompileOutcome outcome)
    {
        if (_options.CompileCacheEntries == 0)
            return outcome;
        if (_cache.TryAdd(key, outcome))
        {
            _order.Enqueue(key);
            while (_cache.Count > _options.CompileCacheEntries && _order.TryDequeue(out var oldest))
                _cache.TryRemove(oldest, out _);
        }
        return outcome;
    }

    private string Key(CompileRequest request)
    {
        string header = $"{request.Program}|{request.EntryType}|{request.EntryMethod}|{string.Join(',', request.ArgCounts)}|{_limits}\n";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header + request.Code)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
            await _process.DisposeAsync().ConfigureAwait(false);
    }
}
