using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace R1Gym.Sandbox.Tests;

/// <summary>
/// Both worker launchers give the same confinement. The util-linux one is tested everywhere; the bubblewrap one where
/// <c>bwrap</c> is installed, and where it is not, asking for it must fail closed. So every case asserts something real
/// on every machine.
/// </summary>
// In the sandbox collection: tests there count worker processes, so no other test may start workers meanwhile.
[Collection(SandboxCollection.Name)]
public sealed class LauncherTests
{
    private static readonly bool BwrapInstalled = new[] { "/usr/bin/bwrap", "/bin/bwrap", "/usr/sbin/bwrap", "/sbin/bwrap" }.Any(File.Exists);

    [Fact]
    public async Task The_default_launcher_is_bubblewrap_exactly_when_bwrap_is_installed_and_works()
    {
        await using var sandbox = Sandbox("auto");

        var report = await sandbox.StartAsync();

        var layer = report.Layers.Single(l => l.Name == "bubblewrap");
        layer.Available.Should().Be(BwrapInstalled);
        if (!BwrapInstalled)
            report.Launcher.Should().Be("unshare");
        else if (report.Launcher != "bubblewrap")
            layer.Detail.Should().Contain("failed here", "bwrap is installed, so only a failed trial may leave it unused");
        layer.InUse.Should().Be(report.Launcher == "bubblewrap");
    }

    [Theory]
    [InlineData("unshare")]
    [InlineData("bubblewrap")]
    public async Task Each_launcher_confines_the_worker_the_same_way_or_fails_closed(string launcher)
    {
        await using var sandbox = Sandbox(launcher);

        var report = await sandbox.StartAsync();

        if (launcher == "bubblewrap" && !BwrapInstalled)
        {
            report.Problem.Should().Contain("bubblewrap");
            (await sandbox.RunAsync(SandboxFixture.Adder, SandboxFixture.AdderTests)).Verdict.Should().Be(Verdicts.SandboxError);
            return;
        }
        report.Problem.Should().BeNull();
        report.Launcher.Should().Be(launcher);
        var self = (await sandbox.ProbeWorkerAsync())!;
        ((bool)self["rootWritable"]!).Should().BeFalse();
        self["networkInterfaces"]!.AsArray().Select(i => (string?)i).Should().OnlyContain(i => i == "lo");
        ((int)self["environmentVariables"]!).Should().BeLessThanOrEqualTo(8, "PATH, three DOTNET_ settings and what the shell or the dotnet host add; none of the host's {0}",
            Environment.GetEnvironmentVariables().Count);
        ((int)self["processesVisible"]!).Should().BeLessThanOrEqualTo(2, "the worker (and bwrap's init) are all its pid namespace holds");
        ((string?)self["capEff"]).Should().Be("0000000000000000");
        ((string?)self["noNewPrivs"]).Should().Be("1");
        ((string?)self["seccompMode"]).Should().Be("2");

        var writeOutside = await sandbox.RunAsync(SandboxFixture.Probe("System.IO.File.WriteAllText(\"/usr/r1gym-escape\", \"x\");"), SandboxFixture.ProbeTests);
        var readSecret = await sandbox.RunAsync(SandboxFixture.Probe("if (Environment.GetEnvironmentVariable(\"R1GYM_TEST_SECRET\") is null) throw new Exception();"), SandboxFixture.ProbeTests);

        writeOutside.Verdict.Should().Be(Verdicts.WrongAnswer);
        File.Exists("/usr/r1gym-escape").Should().BeFalse();
        readSecret.Verdict.Should().Be(Verdicts.WrongAnswer);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(sandbox);
    }

    [Theory]
    [InlineData("unshare")]
    [InlineData("bubblewrap")]
    public async Task A_worker_outlives_the_thread_that_started_it(string launcher)
    {
        // bubblewrap's --die-with-parent follows the forking thread: a worker started from a thread that then exits (a
        // retiring thread-pool thread) used to die with it.
        var options = new SandboxOptions { PoolSize = 1, SpareWorkers = 0, Launcher = launcher };
        var report = Supervisor.Isolation.IsolationProbe.Run(options);
        if (report.Problem is not null)
        {
            report.Problem.Should().Contain("bubblewrap", "only a missing bwrap may stop a launcher here");
            return;
        }
        var plan = Supervisor.Isolation.LaunchPlan.For(options, report);
        var spec = TestSpec.Parse(SandboxFixture.AdderTests, options);
        var compiled = await Compiler.AnswerCompiler.CompileAsync(new Protocol.CompileRequest(SandboxFixture.Adder, false, "Solution", "Solve", [2, 2, 2]),
            options.CompileLimits, default);
        Supervisor.WorkerProcess? worker = null;

        var starter = new Thread(() => worker = Supervisor.WorkerProcess.StartAsync(plan, options, "outlives-its-starter", default).GetAwaiter().GetResult());
        starter.Start();
        starter.Join();
        await Task.Delay(500);
        await using var started = worker!;
        var run = await started.RunAsync(CodeSandbox.RunRequest(compiled, spec, options), CodeSandbox.Deadlines(spec, options), default);

        run.Fault.Should().Be(Supervisor.RunFault.None);
        run.Tests.Should().HaveCount(3);
    }

    [Theory]
    [InlineData("unshare")]
    [InlineData("bubblewrap")]
    public async Task A_descriptor_the_host_leaked_is_closed_before_any_answer_runs(string launcher)
    {
        // A descriptor opened without close-on-exec by the supervisor (or anything above it) is inherited by every
        // launcher and by the worker; through /proc/self/fd it reopens a file outside the worker's mount namespace.
        string dir = Directory.CreateTempSubdirectory("r1gym-leak-").FullName;
        string secretFile = Path.Combine(dir, "secret.txt");
        File.WriteAllText(secretFile, SandboxFixture.Secret);
        int leaked = open(secretFile, 0);
        leaked.Should().BeGreaterThan(2);
        try
        {
            await using var sandbox = Sandbox(launcher);
            var report = await sandbox.StartAsync();
            if (report.Problem is not null)
            {
                report.Problem.Should().Contain("bubblewrap", "only a missing bwrap may stop a launcher here");
                return;
            }

            var read = await sandbox.RunAsync(SandboxFixture.Probe($"if (!System.IO.File.ReadAllText(\"/proc/self/fd/{leaked}\").Contains(\"R1GYM\")) throw new Exception();"),
                SandboxFixture.ProbeTests);

            read.Verdict.Should().Be(Verdicts.WrongAnswer, "the worker closes descriptors it did not open: {0}", read.Tests.FirstOrDefault()?.Actual);
            read.Tests[0].Actual!.GetValue<string>().Should().StartWith("blocked");
        }
        finally
        {
            close(leaked);
            Directory.Delete(dir, recursive: true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", CharSet = System.Runtime.InteropServices.CharSet.Ansi)]
    private static extern int open(string path, int flags);

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int close(int fd);

    private static CodeSandbox Sandbox(string launcher)
    {
        Environment.SetEnvironmentVariable("R1GYM_TEST_SECRET", SandboxFixture.Secret);
        return new(Options.Create(new SandboxOptions { PoolSize = 1, SpareWorkers = 0, Launcher = launcher, CheckBannedApis = false, CompileInProcess = true }));
    }
}
