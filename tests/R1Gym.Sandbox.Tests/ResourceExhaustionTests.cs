namespace R1Gym.Sandbox.Tests;

/// <summary>Hostile programs that try to exhaust CPU, memory, threads, output, disk, descriptors or the compiler.</summary>
[Collection(SandboxCollection.Name)]
public sealed class ResourceExhaustionTests(SandboxFixture fixture)
{
    [Theory]
    [InlineData("infinite loop", "while (true) { }")]
    [InlineData("pathological regex", "System.Text.RegularExpressions.Regex.IsMatch(new string('a', 40) + \"!\", \"^(a+)+$\");")]
    [InlineData("busy loop on every core", "System.Threading.Tasks.Parallel.For(0, 64, i => { while (true) { } });")]
    public async Task A_program_that_never_finishes_gets_time_limit_and_is_killed(string name, string body)
    {
        var code = "public class Solution { public int Solve(int a, int b) { " + body + " return a + b; } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Function(300, ([1, 2], 3), ([2, 2], 4)));

        result.Verdict.Should().Be(Verdicts.TimeLimit, name);
        result.Tests[1].Verdict.Should().Be(Verdicts.NotRun);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }

    [Theory]
    [InlineData("large arrays kept alive", "var keep = new List<long[]>(); while (true) keep.Add(new long[1 << 20]);")]
    [InlineData("one huge array", "var big = new byte[int.MaxValue - 100]; big[5] = 1;")]
    [InlineData("string doubling", "var s = \"x\"; var keep = new List<string>(); while (true) { s += s; keep.Add(s); }")]
    public async Task A_memory_bomb_gets_memory_limit(string name, string body)
    {
        var code = "public class Solution { public int Solve(int a, int b) { " + body + " return a + b; } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Function(3000, ([1, 2], 3)));

        result.Verdict.Should().Be(Verdicts.MemoryLimit, name + ": " + result.Diagnostics);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }

    [Fact]
    public async Task A_memory_bomb_that_catches_OutOfMemoryException_and_claims_success_is_not_accepted()
    {
        var code = "public class Solution { public int Solve(int a, int b) { try { var k = new List<long[]>(); while (true) k.Add(new long[1 << 20]); } catch (OutOfMemoryException) { Console.WriteLine(\"PASS\"); } return a + b + 1; } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Function(3000, ([1, 2], 3)));

        result.Verdict.Should().BeOneOf(Verdicts.MemoryLimit, Verdicts.WrongAnswer);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }

    [Fact]
    public async Task A_thread_bomb_is_stopped_and_does_not_outlive_its_worker()
    {
        var code = SandboxFixture.Probe("for (int i = 0; i < 100000; i++) new System.Threading.Thread(() => { while (true) { } }).Start();");

        var result = await fixture.Unlinted.RunAsync(code, SandboxFixture.Function(1000, ([], "escaped")));

        result.Verdict.Should().NotBe(Verdicts.Accepted);
        result.Verdict.Should().BeOneOf(Verdicts.TimeLimit, Verdicts.WrongAnswer, Verdicts.RuntimeError);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task Endless_console_output_gets_output_limit()
    {
        var code = "class P { static void Main() { while (true) Console.Write(\"spam spam spam \"); } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Stdio(3000, ("", "3\n")));

        result.Verdict.Should().Be(Verdicts.OutputLimit);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }

    [Fact]
    public async Task Endless_output_that_swallows_the_limit_exception_still_gets_output_limit()
    {
        var code = "class P { static void Main() { for (int i = 0; i < 20000; i++) { try { Console.Write(\"xxxxxxxxxxxxxxxx\"); } catch { } } Console.Write(\"3\"); } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Stdio(3000, ("", "3\n")));

        result.Verdict.Should().Be(Verdicts.OutputLimit);
    }

    [Fact]
    public async Task A_huge_return_value_gets_output_limit()
    {
        var code = "public class Solution { public string Solve(int a, int b) => new string('x', 5_000_000); }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Function(3000, ([1, 2], "3")));

        result.Verdict.Should().Be(Verdicts.OutputLimit);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }

    [Fact]
    public async Task Filling_the_disk_fails_inside_the_small_private_tmp()
    {
        var code = SandboxFixture.Probe("var chunk = new byte[1 << 20]; using var f = System.IO.File.OpenWrite(\"/tmp/fill\"); for (int i = 0; i < 64; i++) f.Write(chunk); f.Flush();");

        var result = await fixture.Unlinted.RunAsync(code, SandboxFixture.ProbeTests);

        result.Verdict.Should().Be(Verdicts.WrongAnswer);
        result.Tests[0].Actual!.ToString().Should().StartWith("blocked");
        File.Exists("/tmp/fill").Should().BeFalse();
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task Opening_descriptors_without_end_hits_the_descriptor_limit()
    {
        var code = SandboxFixture.Probe("var keep = new List<System.IO.FileStream>(); for (int i = 0; i < 5000; i++) keep.Add(System.IO.File.OpenRead(\"/dev/null\"));");

        var result = await fixture.Unlinted.RunAsync(code, SandboxFixture.ProbeTests);

        result.Tests[0].Actual!.ToString().Should().StartWith("blocked");
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Theory]
    [InlineData("deep parentheses", 20_000)]
    [InlineData("deep braces", 5_000)]
    [InlineData("deep generics", 3_000)]
    public async Task A_compiler_bomb_is_rejected_before_parsing_and_the_supervisor_survives(string name, int depth)
    {
        string code = name switch
        {
            "deep parentheses" => "public class Solution { public int Solve(int a, int b) => " + new string('(', depth) + "a" + new string(')', depth) + "; }",
            "deep braces" => "public class Solution { public int Solve(int a, int b) { " + new string('{', depth) + new string('}', depth) + " return a + b; } }",
            _ => "public class Solution { public int Solve(int a, int b) { " + string.Concat(Enumerable.Repeat("List<", depth)) + "int" + new string('>', depth) + " x = null; return a + b; } }",
        };

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.CompileError, name);
        result.Diagnostics.Should().Contain("nest deeper");
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }

    [Fact]
    public async Task An_oversized_source_is_rejected_before_parsing()
    {
        var code = SandboxFixture.Adder + "\n//" + new string('x', 200_000);

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.CompileError);
        result.Diagnostics.Should().Contain("limit");
    }

    [Fact]
    public async Task Deep_recursion_overflows_the_stack_and_gets_runtime_error()
    {
        var code = "public class Solution { public int Solve(int a, int b) => Down(a) + b; static int Down(int n) => Down(n + 1) + 1; }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Function(5000, ([1, 2], 3), ([2, 2], 4)));

        result.Verdict.Should().Be(Verdicts.RuntimeError);
        result.Tests[1].Verdict.Should().Be(Verdicts.NotRun);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }
}
