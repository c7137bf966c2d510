using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using R1Gym.Sandbox.Protocol;
using R1Gym.Sandbox.Supervisor.Isolation;

namespace R1Gym.Sandbox.Supervisor;

/// <summary>
/// The compile step in a long-lived child process (R1Gym.Sandbox.Compiler): Roslyn fully optimised from its first
/// compile (tiered compilation off there, which would slow every start-up of this process), its garbage and any
/// crash on hostile source kept out of the supervisor. Requests are multiplexed by id, several in flight at once.
/// When the process dies, each request that was in flight is tried once more on a fresh process, alone, so an answer
/// that crashes the compiler gets compile_error and the others get their real verdicts.
/// </summary>
internal sealed class CompilerProcess : IAsyncDisposable
{
    public static readonly string[] Files = ["R1Gym.Sandbox.Compiler.dll", "R1Gym.Sandbox.Compiler.runtimeconfig.json", "R1Gym.Sandbox.Compiler.deps.json"];

    /// <summary>Beyond the compile time limit (which the compiler process applies itself), how long before it counts as hung.</summary>
    private const int HungGraceMs = 10_000;

    /// <summary>Windows of <see cref="CompileLimits.CompileTimeoutMs"/> plus grace that a working process may take to reply before it counts as hung anyway.</summary>
    private const int MaxWindows = 20;

    private const int StartTimeoutMs = 30_000;

    private readonly CompileLimits _limits;
    private readonly int _slots = Math.Max(2, Environment.ProcessorCount * 2);
    private readonly SemaphoreSlim _inFlight;
    private readonly SemaphoreSlim _alone = new(1, 1);
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private Server? _server;
    private long _nextId;
    private bool _disposed;

    public CompilerProcess(CompileLimits limits)
    {
        _limits = limits;
        _inFlight = new SemaphoreSlim(_slots, _slots);
    }

    /// <summary>True when the compiler's files are beside this assembly (a normal build copies them).</summary>
    public static bool Available => Files.Take(2).All(f => File.Exists(Path.Combine(LaunchPlan.WorkerDirectory, f)));

    /// <summary>Processes started so far (the first, then one per crash or hang).</summary>
    public int Starts { get; private set; }

    /// <summary>The running compiler's process id (for tests that kill it), or null.</summary>
    internal int? ProcessId => _server is { Dead: false } s ? s.Process.Id : null;

    /// <summary>Starts the process and waits until Roslyn is loaded and warm.</summary>
    public async Task StartAsync(CancellationToken ct) => await CurrentAsync(ct).ConfigureAwait(false);

    public async Task<CompileOutcome> CompileAsync(CompileRequest request, CancellationToken ct)
    {
        await _inFlight.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (await SendAsync(request, ct).ConfigureAwait(false) is { } outcome)
                return outcome;
        }
        finally
        {
            _inFlight.Release();
        }

        // The process died or hung with this request in flight; this answer or another one may have caused it.
        // Retried alone: holding every slot, so whatever happens now happens because of this answer.
        await _alone.WaitAsync(ct).ConfigureAwait(false);
        int held = 0;
        try
        {
            for (; held < _slots; held++)
                await _inFlight.WaitAsync(ct).ConfigureAwait(false);
            return await SendAsync(request, ct).ConfigureAwait(false)
                ?? CompileOutcome.Error(Verdicts.CompileError, "the compiler process crashed or hung on this answer (compiling it alone did the same)");
        }
        finally
        {
            if (held > 0)
                _inFlight.Release(held);
            _alone.Release();
        }
    }

    /// <summary>The outcome, or null when the process died or hung before answering.</summary>
    private async Task<CompileOutcome?> SendAsync(CompileRequest request, CancellationToken ct)
    {
        var server = await CurrentAsync(ct).ConfigureAwait(false);
        long id = Interlocked.Increment(ref _nextId);
        var reply = server.Expect(id);
        try
        {
            await server.SendAsync(new CompileRequestFrame(id, request, _limits), ct).ConfigureAwait(false);
            // Hung means no reply for a window while the process used almost no CPU: on a busy machine a reply can
            // take many windows of wall-clock time (compiles queue behind others and wait for a core) and that is no
            // fault. Each compile stops itself at its CPU limit, so a process that keeps working answers in the end.
            var window = TimeSpan.FromMilliseconds(_limits.CompileTimeoutMs + HungGraceMs);
            var cpuBefore = server.CpuTime();
            for (int windows = 1; ; windows++)
            {
                try
                {
                    return await reply.WaitAsync(window, ct).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    var cpu = server.CpuTime();
                    if (windows >= MaxWindows || !ProcessTreeCpu.Progressed((long)cpuBefore.TotalMilliseconds, (long)cpu.TotalMilliseconds, (int)window.TotalMilliseconds))
                    {
                        server.Kill();
                        return null;
                    }
                    cpuBefore = cpu;
                }
            }
        }
        catch (IOException)
        {
            server.Kill();
            return null;
        }
        finally
        {
            server.Forget(id);
        }
    }

    private async Task<Server> CurrentAsync(CancellationToken ct)
    {
        if (_server is { Dead: false } current)
            return current;
        await _startLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_server is { Dead: false } started)
                return started;
            if (_server is not null)
                await _server.DisposeAsync().ConfigureAwait(false);
            Starts++;
            _server = await Server.StartAsync(ct).ConfigureAwait(false);
            return _server;
        }
        finally
        {
            _startLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _startLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_server is not null)
                await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>One compiler process: its pipes, the requests waiting for a reply, and the loop that reads replies.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private const int MaxReplyBytes = 64 << 20;
        private readonly ConcurrentDictionary<long, TaskCompletionSource<CompileOutcome?>> _pending = new();
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly StringBuilder _stderr = new();
        private Task _reader = Task.CompletedTask;
        private volatile bool _dead;
        private int _disposed;

        private Server(Process process) => Process = process;

        public Process Process { get; }

        public bool Dead => _dead;

        public static async Task<Server> StartAsync(CancellationToken ct)
        {
            var start = new ProcessStartInfo(LaunchPlan.DotnetHost)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(LaunchPlan.WorkerDirectory, Files[0]));
            // The runtimeconfig turns tiered compilation off; the environment must not turn it back on.
            foreach (string name in (string[])["DOTNET_TieredCompilation", "DOTNET_TieredPGO", "DOTNET_gcServer", "DOTNET_GCHeapHardLimit"])
                start.Environment.Remove(name);
            var server = new Server(Process.Start(start) ?? throw new InvalidOperationException("the compiler process did not start"));
            server.Process.ErrorDataReceived += (_, e) =>
            {
                lock (server._stderr)
                    if (e.Data is not null && server._stderr.Length < 4000)
                        server._stderr.AppendLine(e.Data);
            };
            server.Process.BeginErrorReadLine();
            try
            {
                // Warming Roslyn up costs seconds of CPU: on a busy machine the wait is extended while the process uses CPU.
                var reading = FrameIO.ReadAsync(server.Process.StandardOutput.BaseStream, MaxReplyBytes, ProtocolJson.Default.CompileReplyFrame, ct);
                long cpu = 0;
                for (int window = 1; ; window++)
                {
                    try
                    {
                        await reading.WaitAsync(TimeSpan.FromMilliseconds(StartTimeoutMs), ct).ConfigureAwait(false);
                        break;
                    }
                    catch (TimeoutException)
                    {
                        long now = (long)server.CpuTime().TotalMilliseconds;
                        if (window >= MaxWindows || !ProcessTreeCpu.Progressed(cpu, now, StartTimeoutMs))
                            throw new OperationCanceledException();
                        cpu = now;
                    }
                }
                var ready = await reading.ConfigureAwait(false);
                if (ready is null || ready.Type != FrameTypes.Ready)
                    throw new InvalidOperationException($"the compiler process failed to start: {server.Why()}");
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidDataException && !ct.IsCancellationRequested)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"the compiler process failed to start: {(e is OperationCanceledException ? $"no ready signal within {StartTimeoutMs} ms without using CPU" : e.Message)}. {server.Why()}".Trim());
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            server._reader = Task.Run(server.ReadRepliesAsync, CancellationToken.None);
            return server;
        }

        public Task<CompileOutcome?> Expect(long id)
        {
            var reply = new TaskCompletionSource<CompileOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = reply;
            if (_dead)
                reply.TrySetResult(null);
            return reply.Task;
        }

        public void Forget(long id) => _pending.TryRemove(id, out _);

        /// <summary>CPU time the process has used so far (zero once it is gone).</summary>
        public TimeSpan CpuTime()
        {
            try
            {
                return Process.TotalProcessorTime;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return TimeSpan.Zero;
            }
        }

        public async Task SendAsync(CompileRequestFrame frame, CancellationToken ct)
        {
            await _writeLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await FrameIO.WriteAsync(Process.StandardInput.BaseStream, frame, ProtocolJson.Default.CompileRequestFrame, ct).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        private async Task ReadRepliesAsync()
        {
            try
            {
                while (await FrameIO.ReadAsync(Process.StandardOutput.BaseStream, MaxReplyBytes, ProtocolJson.Default.CompileReplyFrame).ConfigureAwait(false) is { } frame)
                    if (_pending.TryGetValue(frame.Id, out var reply))
                        reply.TrySetResult(frame.Outcome ?? throw new InvalidDataException("a reply without an outcome"));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException or FormatException or InvalidOperationException)
            {
                // A broken pipe or a garbled reply: the process is no use any more, like a dead one.
            }
            Kill();
        }

        /// <summary>Marks the process dead, kills it, and releases everyone waiting on it (with no outcome).</summary>
        public void Kill()
        {
            _dead = true;
            try
            {
                if (!Process.HasExited)
                    Process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            foreach (var reply in _pending.Values)
                reply.TrySetResult(null);
        }

        private string Why()
        {
            lock (_stderr)
                return _stderr.ToString().Trim();
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
                return;
            Kill();
            using var wait = new CancellationTokenSource(5000);
            try
            {
                await Process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                await _reader.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Reaped later by the runtime; nothing more to do here.
            }
            Process.Dispose();
        }
    }
}
