using System.Text.Json.Nodes;
using R1Gym.Sandbox.Protocol;
using R1Gym.Sandbox.Supervisor;

namespace R1Gym.Sandbox.Judging;

/// <summary>
/// The supervisor's verdicts: the worker reports raw values and statuses, and this compares them with the expected
/// values, which never leave this process. A wrong answer carries its arguments and the expected value, added here.
/// </summary>
internal static class Judge
{
    /// <summary>Every test's verdict from what the worker reported; the first failing test decides the answer's.</summary>
    /// <param name="spec">The tests, expected values included.</param>
    /// <param name="wallLimitMs">The wall-clock window a test had (for the message of a test stopped by it).</param>
    /// <param name="run">What the worker reported, and how the run ended.</param>
    /// <param name="oom">The worker's memory cgroup reached its limit during the run: a timeout or crash is memory_limit.</param>
    public static SandboxResult Run(TestSpec spec, int wallLimitMs, WorkerRun run, bool oom)
    {
        var results = new List<TestResult>();
        for (int i = 0; i < spec.Tests.Count; i++)
        {
            if (i < run.Tests.Count)
                results.Add(JudgeTest(spec, spec.Tests[i], run.Tests[i], i));
            else if (i == run.FaultIndex && run.Fault != RunFault.None)
                results.Add(run.Fault switch
                {
                    RunFault.Timeout or RunFault.Crashed when oom => new TestResult(i, Verdicts.MemoryLimit, null, 0, "reached the memory limit (the memory cgroup reclaimed or killed)"),
                    RunFault.Timeout when run.FaultDetail == "wall" => new TestResult(i, Verdicts.TimeLimit, null, spec.TimeLimitMs, $"stopped after {wallLimitMs} ms of wall-clock time without using CPU (it waits or sleeps)"),
                    RunFault.Timeout => new TestResult(i, Verdicts.TimeLimit, null, spec.TimeLimitMs, $"killed at its time limit ({spec.TimeLimitMs} ms of CPU time)"),
                    RunFault.Crashed => new TestResult(i, Verdicts.RuntimeError, null, 0, $"the process died ({run.FaultDetail}): stack overflow, FailFast, Environment.Exit or a killed process"),
                    _ => new TestResult(i, Verdicts.RuntimeError, null, 0, $"the worker's reply was invalid after the answer ran: {run.FaultDetail}"),
                });
            else
                results.Add(new TestResult(i, Verdicts.NotRun, null, 0, "not run: an earlier test stopped the answer"));
        }
        int passed = results.Count(r => r.Verdict == Verdicts.Accepted);
        var first = results.FirstOrDefault(r => r.Verdict != Verdicts.Accepted);
        return new SandboxResult(first?.Verdict ?? Verdicts.Accepted, passed, spec.Tests.Count, results, first?.Message);
    }

    private static TestResult JudgeTest(TestSpec spec, TestCase test, WorkerFrame frame, int index)
    {
        double time = frame.ElapsedMs ?? 0;
        string status = frame.Status ?? "";
        JsonNode? actual = spec.Mode == TestMode.Stdio ? (frame.Stdout is { } printed ? JsonValue.Create(printed) : null) : frame.Value;
        string? error = frame.Exception is { } ex ? $"{ex}: {frame.Message}".TrimEnd(' ', ':') : null;
        if (status == TestStatus.MemoryLimit)
            return new TestResult(index, Verdicts.MemoryLimit, null, time, error ?? "memory limit exceeded");
        if (status == TestStatus.OutputLimit)
            return new TestResult(index, Verdicts.OutputLimit, null, time, "output limit exceeded");
        if (status == TestStatus.Exception)
            return new TestResult(index, Verdicts.RuntimeError, null, time, error);
        double cpu = frame.CpuMs ?? time;
        if (cpu > spec.TimeLimitMs)
            return new TestResult(index, Verdicts.TimeLimit, actual, time, $"used {cpu:0} ms of CPU time, the limit is {spec.TimeLimitMs} ms");
        bool ok = spec.Mode == TestMode.Stdio
            ? OutputComparer.StdoutEquals(test.Stdout!, frame.Stdout ?? "")
            : OutputComparer.JsonEquals(test.Expected, frame.Value, spec.FloatTolerance);
        if (ok)
            return new TestResult(index, Verdicts.Accepted, actual, time, null);
        return new TestResult(index, Verdicts.WrongAnswer, actual, time, null)
        {
            Detail = spec.Mode == TestMode.Stdio
                ? new WrongAnswerDetail(null, test.Stdin, JsonValue.Create(test.Stdout))
                : new WrongAnswerDetail((JsonArray)test.Args!.DeepClone(), null, test.Expected?.DeepClone()),
        };
    }
}
