using R1Gym.Abstractions;
using R1Gym.Testing;
using R1Gym.Gym;
using R1Gym.Training;

namespace R1Gym.Training.Tests;

public sealed class MetricsAndDataTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "r1gym-training-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Metrics_are_written_one_json_object_per_step_and_read_back()
    {
        var path = Path.Combine(_dir, "metrics.jsonl");

        using (var log = new MetricsLog(path))
        {
            log.Write(1, new Dictionary<string, double> { ["reward/total"] = 0.5, ["loss/policy"] = double.NaN });
            log.Write(2, new Dictionary<string, double> { ["reward/total"] = 0.75 });
        }
        var rows = MetricsLog.Load(path);

        File.ReadAllLines(path)[0].Should().Be("{\"step\":1,\"reward/total\":0.5,\"loss/policy\":null}");
        rows.Select(r => r["reward/total"]).Should().Equal([0.5, 0.75]);
        rows[0]["loss/policy"].Should().BeNull();
    }

    [Fact]
    public void Reopening_for_a_resumed_run_drops_the_steps_after_the_checkpoint()
    {
        var path = Path.Combine(_dir, "metrics.jsonl");
        using (var log = new MetricsLog(path))
            for (int step = 1; step <= 5; step++)
                log.Write(step, new Dictionary<string, double> { ["x"] = step });

        using (var resumed = new MetricsLog(path, resumeAfterStep: 3))
            resumed.Write(4, new Dictionary<string, double> { ["x"] = 40 });

        MetricsLog.Load(path).Select(r => r["x"]).Should().Equal([1.0, 2.0, 3.0, 40.0]);
    }

    [Fact]
    public void Plots_are_written_as_png_for_each_metric_present()
    {
        var rows = Enumerable.Range(1, 20).Select(s => new MetricsRow(s, new Dictionary<string, double> { ["reward/total"] = s / 20.0 })).ToList();

        var files = MetricsPlotter.Plot(rows, _dir, ["reward/total", "absent/metric"]);

        files.Should().ContainSingle();
        File.ReadAllBytes(files[0]).Take(4).Should().Equal([0x89, (byte)'P', (byte)'N', (byte)'G']);
    }

    [Fact]
    public void An_sft_run_gets_its_loss_plot_by_default()
    {
        var rows = Enumerable.Range(1, 20).Select(s => new MetricsRow(s, new Dictionary<string, double> { ["loss/sft"] = 2.0 / s })).ToList();

        var files = MetricsPlotter.Plot(rows, _dir);

        files.Select(Path.GetFileName).Should().Equal("loss_sft.png");
    }

    [Fact]
    public void A_completion_does_not_repeat_the_think_tag_the_prompt_opened()
    {
        SftData.JoinAfterPrompt("Q: 1+1\nA: <think>\n", "<think>\n1+1=2\n</think>\n2").Should().Be("1+1=2\n</think>\n2");
        SftData.JoinAfterPrompt("Q: 1+1\nA:", "<think>\n1+1=2\n</think>\n2").Should().Be("<think>\n1+1=2\n</think>\n2");
    }

    [Fact]
    public void A_jsonl_file_with_bad_lines_is_refused_with_every_line_named()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "sft.jsonl");
        File.WriteAllLines(path, ["{\"prompt\":\"a\",\"completion\":\"b\"}", "{\"prompt\":\"a\"}", "not json"]);

        var act = () => SftData.FromJsonl(path, p => p);

        act.Should().Throw<R1GymException>().WithMessage("*2 bad line(s)*line 2*line 3*");
    }

    [Fact]
    public void Invalid_grpo_options_are_all_reported_at_once()
    {
        var options = new GrpoOptions { GroupSize = 1, ClipLow = 0.3, ClipHigh = 0.1 };

        var act = () => OptionsValidation.ThrowIfInvalid(options, GrpoOptions.SectionName);

        act.Should().Throw<R1GymException>().WithMessage("*GroupSize*ClipHigh*");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }
}
