using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace R1Gym.Sandbox.Tests;

/// <summary>
/// Escape and information access, run with the banned-API lint OFF so each attempt reaches the OS layers
/// (namespaces, read-only root, privilege drop, seccomp) and must be stopped there.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class EscapeTests(SandboxFixture fixture) : IDisposable
{
    private readonly string _hostDir = Directory.CreateTempSubdirectory("r1gym-escape-").FullName;

    public void Dispose() => Directory.Delete(_hostDir, recursive: true);

    private async Task<string> ProbeAsync(string attempt, string usings = "")
    {
        var result = await fixture.Unlinted.RunAsync(SandboxFixture.Probe(attempt, usings), SandboxFixture.ProbeTests);
        result.Tests.Should().NotBeEmpty(result.Diagnostics);
        return result.Tests[0].Actual?.GetValue<string>() ?? result.Verdict;
    }

    [Fact]
    public async Task Reading_a_host_file_fails()
    {
        string secret = Path.Combine(_hostDir, "secret.txt");
        File.WriteAllText(secret, SandboxFixture.Secret);

        var seen = await ProbeAsync($"var t = System.IO.File.ReadAllText(\"{secret}\"); if (!t.Contains(\"R1GYM\")) throw new Exception();");

        seen.Should().StartWith("blocked");
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task The_host_password_file_is_not_visible()
    {
        var seen = await ProbeAsync("if (!System.IO.File.ReadAllText(\"/etc/passwd\").Contains(\"root\")) throw new Exception();");

        seen.Should().StartWith("blocked");
    }

    [Fact]
    public async Task Writing_outside_the_private_tmp_fails_and_leaves_the_host_untouched()
    {
        string target = Path.Combine(_hostDir, "planted.txt");

        var seen = await ProbeAsync($"System.IO.File.WriteAllText(\"{target}\", \"x\");");
        var usr = await ProbeAsync("System.IO.File.WriteAllText(\"/usr/planted\", \"x\");");
        var root = await ProbeAsync("System.IO.File.WriteAllText(\"/planted\", \"x\");");

        seen.Should().StartWith("blocked");
        usr.Should().StartWith("blocked");
        root.Should().StartWith("blocked");
        File.Exists(target).Should().BeFalse();
        File.Exists("/usr/planted").Should().BeFalse();
        File.Exists("/planted").Should().BeFalse();
    }

    [Fact]
    public async Task Environment_variables_of_the_host_do_not_leak()
    {
        var code = "public class Solution { public string Solve() => (Environment.GetEnvironmentVariable(\"R1GYM_TEST_SECRET\") ?? \"\") + string.Join(\",\", System.IO.File.ReadAllText(\"/proc/self/environ\").Split('\\0')) + System.IO.File.ReadAllText(\"/proc/1/environ\"); }";

        var result = await fixture.Unlinted.RunAsync(code, SandboxFixture.Function(3000, ([], "x")));

        result.Tests[0].Actual!.ToString().Should().NotContain(SandboxFixture.Secret).And.NotContain("HOME=");
        Environment.GetEnvironmentVariable("R1GYM_TEST_SECRET").Should().Be(SandboxFixture.Secret, "the secret exists on the host side");
    }

    [Fact]
    public async Task A_tcp_connection_to_a_host_service_is_never_made()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var seen = await ProbeAsync($"using var c = new System.Net.Sockets.TcpClient(); c.Connect(\"127.0.0.1\", {port});");

        seen.Should().StartWith("blocked");
        listener.Pending().Should().BeFalse("no connection may reach the host");
    }

    [Fact]
    public async Task Udp_and_raw_sockets_cannot_be_opened()
    {
        var udp = await ProbeAsync("using var u = new System.Net.Sockets.UdpClient(); u.Send(new byte[] { 1 }, 1, \"127.0.0.1\", 9);");
        var netlink = await ProbeAsync("using var s = new System.Net.Sockets.Socket((System.Net.Sockets.AddressFamily)16, System.Net.Sockets.SocketType.Raw, (System.Net.Sockets.ProtocolType)0);");

        udp.Should().StartWith("blocked");
        netlink.Should().StartWith("blocked");
    }

    [Fact]
    public async Task Starting_a_process_fails_and_runs_nothing()
    {
        string target = Path.Combine(_hostDir, "touched");

        var seen = await ProbeAsync($"System.Diagnostics.Process.Start(\"/usr/bin/touch\", \"{target}\")!.WaitForExit();");
        var shell = await ProbeAsync("System.Diagnostics.Process.Start(\"/bin/sh\", \"-c true\")!.WaitForExit();");

        seen.Should().StartWith("blocked");
        shell.Should().StartWith("blocked");
        File.Exists(target).Should().BeFalse();
    }

    [Fact]
    public async Task Native_system_and_fork_calls_are_refused()
    {
        string target = Path.Combine(_hostDir, "native");
        const string usings = "using System.Runtime.InteropServices;\nstatic class C { [DllImport(\"libc\")] public static extern int system(string cmd); [DllImport(\"libc\")] public static extern int fork(); }";

        var system = await ProbeAsync($"if (C.system(\"touch {target}\") != 0) throw new Exception();", usings);
        var fork = await ProbeAsync("if (C.fork() < 0) throw new Exception(); ", usings);

        system.Should().StartWith("blocked");
        fork.Should().StartWith("blocked");
        File.Exists(target).Should().BeFalse();
    }

    [Fact]
    public async Task Mount_and_unshare_syscalls_are_refused()
    {
        const string usings = "using System.Runtime.InteropServices;\nstatic class C { [DllImport(\"libc\")] public static extern int mount(string s, string t, string f, ulong flags, nint d); [DllImport(\"libc\")] public static extern int unshare(int flags); }";

        var mount = await ProbeAsync("if (C.mount(\"none\", \"/tmp\", \"tmpfs\", 0, 0) != 0) throw new Exception();", usings);
        var unshare = await ProbeAsync("if (C.unshare(0x10000000) != 0) throw new Exception();", usings);

        mount.Should().StartWith("blocked");
        unshare.Should().StartWith("blocked");
    }

    [Fact]
    public async Task Host_processes_are_invisible_and_cannot_be_signalled()
    {
        using var sleeper = Process.Start("sleep", "30");
        const string usings = "using System.Runtime.InteropServices;\nstatic class C { [DllImport(\"libc\")] public static extern int kill(int pid, int sig); }";

        var kill = await ProbeAsync($"if (C.kill({sleeper.Id}, 9) != 0) throw new Exception();", usings);
        var list = await ProbeAsync("if (System.IO.Directory.GetDirectories(\"/proc\").Count(d => char.IsDigit(System.IO.Path.GetFileName(d)[0])) > 1) return \"escaped\"; throw new Exception();");

        kill.Should().StartWith("blocked");
        list.Should().StartWith("blocked", "the worker is alone in its pid namespace");
        sleeper.HasExited.Should().BeFalse();
        sleeper.Kill();
    }

    [Fact]
    public async Task The_worker_runs_without_privileges_under_seccomp_with_stdio_on_dev_null()
    {
        var code = "public class Solution { public string Solve() { var s = System.IO.File.ReadAllLines(\"/proc/self/status\"); string F(string k) => s.First(l => l.StartsWith(k + \":\")).Split(':')[1].Trim(); " +
                   "string L(int fd) => System.IO.File.ResolveLinkTarget(\"/proc/self/fd/\" + fd, false)!.FullName; return F(\"CapEff\") + \"|\" + F(\"Seccomp\") + \"|\" + F(\"NoNewPrivs\") + \"|\" + L(0) + L(1) + L(2); } }";

        var result = await fixture.Unlinted.RunAsync(code, SandboxFixture.Function(3000, ([], "x")));

        result.Tests[0].Actual!.ToString().Should().Be("0000000000000000|2|1|/dev/null/dev/null/dev/null");
    }
}
