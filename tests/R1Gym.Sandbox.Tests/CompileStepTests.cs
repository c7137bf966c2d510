using R1Gym.Abstractions;

namespace R1Gym.Sandbox.Tests;

/// <summary>Compile errors, policy violations and entry-point problems are decided before any worker is involved.</summary>
[Collection(SandboxCollection.Name)]
public sealed class CompileStepTests(SandboxFixture fixture)
{
    [Theory]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\");", "System.IO.File")]
    [InlineData("System.Diagnostics.Process.Start(\"sh\");", "System.Diagnostics.Process")]
    [InlineData("new System.Net.Sockets.TcpClient();", "System.Net.Sockets.TcpClient")]
    [InlineData("typeof(int).Assembly.GetTypes();", "System.Reflection.Assembly")]
    [InlineData("System.Runtime.CompilerServices.Unsafe.As<object, string>(ref a);", "System.Runtime.CompilerServices.Unsafe")]
    [InlineData("System.Runtime.InteropServices.Marshal.AllocHGlobal(10);", "System.Runtime.InteropServices.Marshal")]
    [InlineData("new System.Threading.Thread(() => { }).Start();", "System.Threading.Thread")]
    [InlineData("Environment.GetEnvironmentVariable(\"HOME\");", "System.Environment")]
    [InlineData("Activator.CreateInstance(typeof(object));", "System.Activator")]
    [InlineData("var s = Console.OpenStandardOutput();", "System.IO.Stream")]
    [InlineData("GC.Collect();", "System.GC")]
    public async Task A_banned_api_is_a_policy_violation_naming_it(string statement, string api)
    {
        var code = "public class Solution { public int Solve(int a, int b) { object a2 = a; " + statement.Replace("ref a", "ref a2") + " return a + b; } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.PolicyViolation);
        result.Diagnostics.Should().Contain(api);
        result.Total.Should().Be(3);
        result.Passed.Should().Be(0);
    }

    [Fact]
    public async Task Ordinary_collections_linq_text_and_math_are_allowed()
    {
        var code = "using System.Text.RegularExpressions; using System.Numerics; public class Solution { public int Solve(int a, int b) { var sb = new StringBuilder(); sb.Append(a); var q = new PriorityQueue<int, int>(); q.Enqueue(b, b); var big = BigInteger.Pow(2, 100); var sw = System.Diagnostics.Stopwatch.StartNew(); return int.Parse(sb.ToString()) + q.Dequeue() + (Regex.IsMatch(\"ab\", \"a.\") ? 0 : 1) + (big > 0 ? 0 : 1); } }";

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
    }

    [Fact]
    public async Task A_syntax_error_is_a_compile_error_with_the_line()
    {
        var result = await fixture.Sandbox.RunAsync("public class Solution { public int Solve(int a, int b) { return a + ; } }", SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.CompileError);
        result.Diagnostics.Should().Contain("(1,");
    }

    [Fact]
    public async Task Unsafe_code_does_not_compile()
    {
        var result = await fixture.Sandbox.RunAsync("public class Solution { public unsafe int Solve(int a, int b) { int* p = &a; return *p + b; } }", SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.CompileError);
    }

    [Theory]
    [InlineData("public class Answer { public int Solve(int a, int b) => a + b; }", "not found")]
    [InlineData("public class Solution { public int Solve(int a) => a; }", "takes 1 parameter")]
    [InlineData("public class Solution { public int Solve(int a, int b) => a; public int Solve(long a, long b) => 0; }", "overloads")]
    [InlineData("public class Solution { public Solution(int x) { } public int Solve(int a, int b) => a + b; }", "parameterless constructor")]
    public async Task An_entry_point_that_does_not_fit_the_tests_is_a_compile_error(string code, string why)
    {
        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.CompileError);
        result.Diagnostics.Should().Contain(why);
    }

    [Fact]
    public async Task A_solution_inside_a_namespace_is_found()
    {
        var result = await fixture.Sandbox.RunAsync("namespace Contest { public class Solution { public static int Solve(int a, int b) => a + b; } }", SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
    }

    [Fact]
    public async Task A_malformed_specification_is_the_task_authors_error()
    {
        var spec = new System.Text.Json.Nodes.JsonObject { ["entryPoint"] = "Solve", ["tests"] = new System.Text.Json.Nodes.JsonArray() };

        var act = () => fixture.Sandbox.RunAsync(SandboxFixture.Adder, spec);

        await act.Should().ThrowAsync<R1GymException>().WithMessage("*'tests' must be a non-empty array*");
    }
}
