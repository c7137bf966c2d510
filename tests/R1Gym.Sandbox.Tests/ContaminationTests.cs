namespace R1Gym.Sandbox.Tests;

/// <summary>One answer must not change how the next one in the same pool is judged.</summary>
[Collection(SandboxCollection.Name)]
public sealed class ContaminationTests(SandboxFixture fixture)
{
    private static readonly System.Text.Json.Nodes.JsonObject FormatTests = SandboxFixture.Function(10000, ([1.5], "1.5"));

    private const string Formatter = "public class Solution { public string Solve(double x) => x.ToString(); }";

    [Fact]
    public async Task A_changed_culture_does_not_reach_the_next_answer()
    {
        var poison = "public class Solution { public string Solve(double x) { var c = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone(); c.NumberFormat.NumberDecimalSeparator = \",\"; System.Globalization.CultureInfo.CurrentCulture = c; System.Globalization.CultureInfo.DefaultThreadCurrentCulture = c; return x.ToString(); } }";

        var first = await fixture.Sandbox.RunAsync(poison, FormatTests);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.Sandbox.RunAsync(Formatter, FormatTests)));

        first.Verdict.Should().Be(Verdicts.WrongAnswer, "the poisoned answer itself printed 1,5");
        results.Should().OnlyContain(r => r.Verdict == Verdicts.Accepted);
    }

    [Fact]
    public async Task An_answer_that_roots_itself_in_a_runtime_event_gets_its_worker_replaced()
    {
        // The handler keeps the answer's load context alive and would change the culture while the next answer loads.
        var poison = "public class Solution { public string Solve(double x) { System.AppDomain.CurrentDomain.AssemblyLoad += (s, e) => { var c = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone(); c.NumberFormat.NumberDecimalSeparator = \",\"; System.Globalization.CultureInfo.CurrentCulture = c; }; return x.ToString(); } }";

        var first = await fixture.Unlinted.RunAsync(poison, FormatTests);
        var next = new List<SandboxResult>();
        for (int i = 0; i < 4; i++)
            next.Add(await fixture.Unlinted.RunAsync(Formatter, FormatTests));

        first.Verdict.Should().Be(Verdicts.Accepted);
        next.Should().OnlyContain(r => r.Verdict == Verdicts.Accepted, "a context that does not unload retires its worker");
    }

    [Fact]
    public async Task Hundreds_of_answers_in_a_row_through_the_same_workers_are_all_judged_right()
    {
        // Every answer is a new type in a new load context, created and then unloaded in a worker that lives for
        // hundreds of answers. When contexts were unloaded with young-generation collections only, the runtime failed
        // to create an instance about once per 300 answers, and an accepted answer came back memory_limit.
        var workload = Bench.BenchmarkWorkload.Create(600).Where(a => a.ExpectedVerdict is Verdicts.Accepted or Verdicts.WrongAnswer).ToList();
        int startedBefore = fixture.Sandbox.WorkersStarted;

        var results = await Task.WhenAll(workload.Select(a => fixture.Sandbox.RunAsync(a.Code + "// in a row", a.Tests)));

        Enumerable.Range(0, workload.Count).Where(i => results[i].Verdict != workload[i].ExpectedVerdict)
            .Select(i => $"answer {i}: expected {workload[i].ExpectedVerdict}, got {results[i].Verdict} ({results[i].Diagnostics ?? results[i].Tests.FirstOrDefault(t => t.Message is not null)?.Message})")
            .Should().BeEmpty();
        // Each context unloads as soon as its answer is done (no call stub or cache keeps it), so no worker is replaced
        // early. The fixture keeps three processes (two in the pool, one spare) of 500 runs each; earlier tests may
        // have used up part of each one's quota.
        (fixture.Sandbox.WorkersStarted - startedBefore).Should().BeLessThanOrEqualTo(workload.Count / 500 + 3,
            "a worker is replaced only when its context does not unload or its run quota is spent");
    }

    [Fact]
    public async Task Static_state_starts_fresh_for_every_answer()
    {
        var code = "public class Solution { static int calls; public int Solve(int a, int b) => a + b + calls++ * 0 + (calls > 1 ? 1000 : 0); }";
        var single = SandboxFixture.Function(10000, ([2, 3], 5));

        var runs = new List<SandboxResult>();
        for (int i = 0; i < 4; i++)
            runs.Add(await fixture.Sandbox.RunAsync(code, single));

        runs.Should().OnlyContain(r => r.Verdict == Verdicts.Accepted);
    }

    [Fact]
    public async Task A_replaced_console_does_not_swallow_the_next_answers_output()
    {
        var poison = "class P { static void Main() { Console.SetOut(System.IO.TextWriter.Null); Console.SetIn(new System.IO.StringReader(\"9 9\")); Console.WriteLine(3); } }";
        var honest = "class P { static void Main() { var p = Console.ReadLine()!.Split(' '); Console.WriteLine(int.Parse(p[0]) + int.Parse(p[1])); } }";
        var tests = SandboxFixture.Stdio(10000, ("1 2\n", "3\n"), ("40 2\n", "42\n"));

        var first = await fixture.Sandbox.RunAsync(poison, tests);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.Sandbox.RunAsync(honest, tests)));

        first.Verdict.Should().Be(Verdicts.WrongAnswer);
        results.Should().OnlyContain(r => r.Verdict == Verdicts.Accepted && r.Passed == 2);
    }

    [Fact]
    public async Task A_background_thread_left_printing_cannot_write_into_the_next_answers_output()
    {
        var poison = "class P { static void Main() { new System.Threading.Thread(() => { while (true) Console.Write(\"3\\n\"); }) { IsBackground = true }.Start(); } }";
        var silent = "class P { static void Main() { } }";
        var tests = SandboxFixture.Stdio(10000, ("", ""));

        await fixture.Unlinted.RunAsync(poison, tests);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.Unlinted.RunAsync(silent, tests)));

        results.Should().OnlyContain(r => r.Verdict == Verdicts.Accepted);
    }

    [Fact]
    public async Task Work_left_on_the_thread_pool_or_a_timer_does_not_outlive_the_worker()
    {
        var tasks = "public class Solution { public int Solve(int a, int b) { System.Threading.Tasks.Task.Run(() => { while (true) { } }); return a + b; } }";
        var timer = "public class Solution { static System.Threading.Timer t; public int Solve(int a, int b) { t = new System.Threading.Timer(_ => Console.Write(\"x\"), null, 0, 1); return a + b; } }";

        var first = await fixture.Unlinted.RunAsync(tasks, SandboxFixture.AdderTests);
        var second = await fixture.Unlinted.RunAsync(timer, SandboxFixture.AdderTests);

        first.Verdict.Should().Be(Verdicts.Accepted, "its values were right; its worker is replaced afterwards");
        second.Verdict.Should().Be(Verdicts.Accepted);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task Environment_directory_and_tmp_changes_are_not_seen_by_the_next_answer()
    {
        var poison = "public class Solution { public string Solve() { Environment.SetEnvironmentVariable(\"POISON\", \"1\"); System.IO.File.WriteAllText(\"/tmp/note\", \"1\"); System.IO.Directory.SetCurrentDirectory(\"/usr\"); return \"x\"; } }";
        var look = "public class Solution { public string Solve() => (Environment.GetEnvironmentVariable(\"POISON\") ?? \"-\") + System.IO.File.Exists(\"/tmp/note\") + System.IO.Directory.GetCurrentDirectory(); }";
        var tests = SandboxFixture.Function(10000, ([], "-False/tmp"));

        await fixture.Unlinted.RunAsync(poison, tests);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.Unlinted.RunAsync(look, tests)));

        results.Should().OnlyContain(r => r.Verdict == Verdicts.Accepted, string.Join(", ", results.Select(r => r.Tests[0].Actual?.ToString())));
    }
}
