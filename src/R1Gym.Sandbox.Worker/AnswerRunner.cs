using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using R1Gym.Sandbox.Protocol;

namespace R1Gym.Sandbox.Worker;

/// <summary>
/// Runs one compiled answer against its test inputs in a fresh collectible load context and reports, per test, the
/// raw value returned (function mode) or the text written (stdio mode). It never sees expected outputs.
/// </summary>
internal sealed class AnswerRunner
{
    private readonly Stream _output;
    private readonly ManualResetEventSlim _armed = new(false);
    private readonly JsonSerializerOptions _sharedJson = NewJsonOptions();
    private long _memoryLimitBytes;
    private long _cpuLimitNs = long.MaxValue;
    private long _wallLimitTicks = long.MaxValue;
    private TestClock? _clock;
    private long _runId;
    private int _testIndex;

    public AnswerRunner(Stream output) => _output = output;

    /// <summary>Weak reference to the last answer's unloaded context, for the hygiene check.</summary>
    public WeakReference? LastContext { get; set; }

    /// <summary>JIT-compiles the harness paths and starts the memory watchdog before the filter and the first answer.</summary>
    public void WarmUp()
    {
        var options = _sharedJson;
        var node = JsonSerializer.SerializeToNode(JsonSerializer.Deserialize<List<int[]>>("[[1,2]]", options), options);
        _ = node?.ToJsonString();
        Console.SetOut(new BoundedWriter(16));
        Console.SetOut(TextWriter.Null);
        new Thread(Watchdog, 256 * 1024) { IsBackground = true, Name = "sandbox-watch" }.Start();
    }

    public void Run(WorkerRequest request)
    {
        _runId = request.Id;
        _testIndex = 0;
        var tests = request.Tests ?? Array.Empty<TestInput>();
        int maxChars = request.MaxOutputChars > 0 ? request.MaxOutputChars : 1 << 20;
        _memoryLimitBytes = (long)(request.MemoryLimitMb > 0 ? request.MemoryLimitMb : 256) << 20;
        _cpuLimitNs = request.TimeLimitMs > 0 ? request.TimeLimitMs * 1_000_000L : long.MaxValue / 2;
        _wallLimitTicks = request.WallLimitMs > 0 ? request.WallLimitMs * Stopwatch.Frequency / 1000 : long.MaxValue / 2;
        var context = new AssemblyLoadContext("answer", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(request.Assembly ?? throw new InvalidOperationException("the request has no assembly")));
            bool stdio = request.Stdio;
            MethodInfo method;
            Type? type = null;
            if (stdio)
                method = assembly.EntryPoint ?? throw new InvalidOperationException("the program has no entry point");
            else
            {
                type = assembly.GetType(request.TypeName!, throwOnError: true)!;
                string name = request.MethodName!;
                method = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .Single(m => m.Name == name);
            }
            var parameters = method.GetParameters();
            // Metadata for framework types (int[], List<string>, ...) is cached across answers; an answer's own types
            // get a throw-away options instance so no cache keeps its load context alive.
            var json = type is not null && parameters.Select(p => p.ParameterType).Append(method.ReturnType).Any(UsesAnswerTypes)
                ? NewJsonOptions() : _sharedJson;
            // The supervisor starts each test's deadline from this frame on, so loading never counts against the answer.
            FrameIO.Write(_output, new WorkerFrame(FrameTypes.Loaded) { Id = _runId }, ProtocolJson.Default.WorkerFrame);
            for (int i = 0; i < tests.Count; i++)
                RunTest(i, tests[i], stdio, type, method, parameters, json, maxChars);
        }
        catch (Exception e)
        {
            Send(new WorkerFrame(FrameTypes.Test) { Status = TestStatus.Exception, Exception = e.GetType().FullName, Message = Short(e.Message), Index = _testIndex });
        }
        finally
        {
            LastContext = Hygiene.Unload(context);
        }
    }

    private void RunTest(int index, TestInput test, bool stdio, Type? type, MethodInfo method, ParameterInfo[] parameters, JsonSerializerOptions json, int maxChars)
    {
        _testIndex = index;
        var writer = new BoundedWriter(maxChars);
        Console.SetOut(writer);
        Console.SetError(TextWriter.Null);
        Console.SetIn(new StringReader(test.Stdin ?? ""));
        var frame = new WorkerFrame(FrameTypes.Test) { Index = index };
        var clock = Stopwatch.StartNew();
        long cpuStart = Native.ProcessCpuNanoseconds();
        Volatile.Write(ref _clock, new TestClock(index, cpuStart, Stopwatch.GetTimestamp() + _wallLimitTicks));
        _armed.Set();
        try
        {
            object? result;
            if (stdio)
                result = method.Invoke(null, parameters.Length == 0 ? [] : [Array.Empty<string>()]);
            else
            {
                var args = test.Args ?? new JsonArray();
                var values = new object?[parameters.Length];
                for (int p = 0; p < parameters.Length; p++)
                    values[p] = args[p].Deserialize(parameters[p].ParameterType, json);
                result = method.Invoke(method.IsStatic ? null : Activator.CreateInstance(type!, nonPublic: true), values);
            }
            if (result is Task task)
            {
                task.GetAwaiter().GetResult();
                result = task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
            }
            clock.Stop();
            _armed.Reset();
            if (writer.Exceeded)
                frame = frame with { Status = TestStatus.OutputLimit };
            else if (stdio)
                frame = frame with { Status = TestStatus.Ok, Stdout = writer.ToString() };
            else
            {
                var resultType = result?.GetType();
                var value = result is null ? null : JsonSerializer.SerializeToNode(result, resultType!, UsesAnswerTypes(resultType!) ? NewJsonOptions() : json);
                frame = (value?.ToJsonString().Length ?? 4) > maxChars
                    ? frame with { Status = TestStatus.OutputLimit }
                    : frame with { Status = TestStatus.Ok, Value = value };
            }
        }
        catch (Exception e)
        {
            clock.Stop();
            _armed.Reset();
            var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
            frame = frame with
            {
                Status = writer.Exceeded || inner is OutputLimitException ? TestStatus.OutputLimit
                    : inner is OutOfMemoryException ? TestStatus.MemoryLimit : TestStatus.Exception,
                Exception = inner.GetType().FullName,
                Message = Short(inner.Message),
            };
        }
        Send(frame with
        {
            ElapsedMs = Math.Round(clock.Elapsed.TotalMilliseconds, 3),
            CpuMs = Math.Round((Native.ProcessCpuNanoseconds() - cpuStart) / 1e6, 3),
        });
    }

    private void Send(WorkerFrame frame) => FrameIO.Write(_output, frame with { Id = _runId }, ProtocolJson.Default.WorkerFrame);

    /// <summary>
    /// Ends the process with a memory_limit report when the live heap passes the answer's limit (the GC hard limit is
    /// the backstop), and with a time_limit report the moment a test passes its CPU time limit, so a looping answer costs
    /// its limit and no more. The wall-clock limit only stops an answer that makes no progress: when it passes, a test
    /// whose CPU time (the watchdog's own excepted) advanced by at least 1/<see cref="ProgressDivisor"/> of the window (it runs, slowly, on a busy
    /// machine) gets another window, announced to the supervisor with a progress frame; one that waited or slept gets
    /// time_limit. The CPU limit bounds the extensions. The supervisor's own deadline is the backstop for a starved watchdog.
    /// </summary>
    private void Watchdog()
    {
        while (true)
        {
            _armed.Wait();
            while (_armed.IsSet)
            {
                var clock = Volatile.Read(ref _clock)!;
                if (GC.GetTotalMemory(false) > _memoryLimitBytes && GC.GetTotalMemory(true) > _memoryLimitBytes && _armed.IsSet)
                {
                    Send(new WorkerFrame(FrameTypes.Test) { Index = clock.Index, Status = TestStatus.MemoryLimit, Exception = "memory limit exceeded" });
                    Native._exit(137);
                }
                long cpuNow = Native.ProcessCpuNanoseconds();
                // The watchdog's own polling is no progress of the answer's: the window counts everything else.
                long answerCpu = cpuNow - Native.ThreadCpuNanoseconds();
                if (clock.WindowCpuStart == long.MinValue)
                    clock.WindowCpuStart = answerCpu;
                long cpuLeftNs = _cpuLimitNs - (cpuNow - clock.CpuStart);
                long now = Stopwatch.GetTimestamp();
                long wallLeft = Volatile.Read(ref clock.Deadline) - now;
                if (cpuLeftNs <= 0 && _armed.IsSet)
                    Stop(clock.Index, "cpu");
                if (wallLeft <= 0 && _armed.IsSet)
                {
                    long windowNs = _wallLimitTicks * 1_000_000_000 / Stopwatch.Frequency;
                    if (answerCpu - clock.WindowCpuStart < Math.Max(windowNs / ProgressDivisor, 1_000_000))
                        Stop(clock.Index, "wall");
                    clock.WindowCpuStart = answerCpu;
                    Volatile.Write(ref clock.Deadline, now + _wallLimitTicks);
                    Send(new WorkerFrame(FrameTypes.Progress) { Index = clock.Index, Status = TestStatus.Running });
                    wallLeft = _wallLimitTicks;
                }
                Thread.Sleep((int)Math.Clamp(Math.Min(cpuLeftNs / 1_000_000, wallLeft * 1000 / Stopwatch.Frequency), 1, 5));
            }
        }
    }

    /// <summary>Reports time_limit for the test (which limit: "cpu" or "wall") and ends the process at once.</summary>
    private void Stop(int index, string limit)
    {
        Send(new WorkerFrame(FrameTypes.Test) { Index = index, Status = TestStatus.TimeLimit, Limit = limit });
        Native._exit(137);
    }

    /// <summary>
    /// A test's share of the CPU below which it counts as waiting rather than running slowly: 1/200 (0.5%). A sleeping
    /// answer uses next to nothing (the watchdog's own CPU is not counted); one sharing a machine with a hundred busy
    /// threads per core still gets more (a 2% threshold was crossed on a loaded 2-core machine).
    /// </summary>
    private const long ProgressDivisor = 200;

    /// <summary>One test's clocks: written by the main thread when the test starts, moved forward only by the watchdog (which also starts the first window: only it can leave its own CPU time out).</summary>
    private sealed class TestClock(int index, long cpuStart, long deadline)
    {
        public readonly int Index = index;
        public readonly long CpuStart = cpuStart;
        public long WindowCpuStart = long.MinValue;
        public long Deadline = deadline;
    }

    private static bool UsesAnswerTypes(Type type) =>
        type.Assembly.IsCollectible || (type.HasElementType && UsesAnswerTypes(type.GetElementType()!))
        || (type.IsGenericType && type.GetGenericArguments().Any(UsesAnswerTypes));

    private static JsonSerializerOptions NewJsonOptions() => new()
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CommonTypesJson.Default, new DefaultJsonTypeInfoResolver()),
        IncludeFields = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        MaxDepth = 256,
    };

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
