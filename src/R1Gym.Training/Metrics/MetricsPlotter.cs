using ScottPlot;

namespace R1Gym.Training;

/// <summary>PNG line charts of a metrics file (ScottPlot): one chart per metric, with a moving average over noisy steps.</summary>
public static class MetricsPlotter
{
    /// <summary>The charts of supervised runs (SFT, sequence- and token-level distillation).</summary>
    public static IReadOnlyList<string> SftMetrics { get; } = ["loss/sft", "loss/kd", "loss/cross_entropy", "policy/grad_norm"];

    /// <summary>
    /// The charts written by default: reward, accuracy and completion length (R1-Zero's lengthening shows here), and the
    /// supervised losses of <see cref="SftMetrics"/> (declared first, so it is set) when the file holds them; a metric
    /// missing from the file is skipped.
    /// </summary>
    public static IReadOnlyList<string> DefaultMetrics { get; } =
        ["reward/total", "reward/accuracy", "completion/length_mean", "policy/entropy", "loss/policy", "policy/clip_fraction", .. SftMetrics];

    /// <summary>Writes <c>&lt;folder&gt;/&lt;metric with / as _&gt;.png</c> for each metric present; returns the files written.</summary>
    public static IReadOnlyList<string> Plot(IReadOnlyList<MetricsRow> rows, string folder, IEnumerable<string>? metrics = null, string title = "")
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var metric in metrics ?? DefaultMetrics)
        {
            var points = rows.Where(r => r[metric] is not null).Select(r => (X: (double)r.Step, Y: r[metric]!.Value)).ToArray();
            if (points.Length == 0)
                continue;
            var file = Path.Combine(folder, metric.Replace('/', '_') + ".png");
            PlotOne(metric, points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), file, title);
            written.Add(file);
        }
        return written;
    }

    /// <summary>Reads <paramref name="metricsPath"/> and plots it next to itself in <c>plots/</c> (the on-demand entry point).</summary>
    public static IReadOnlyList<string> PlotFile(string metricsPath, string? folder = null, IEnumerable<string>? metrics = null) =>
        Plot(MetricsLog.Load(metricsPath), folder ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(metricsPath))!, "plots"), metrics);

    private static void PlotOne(string metric, double[] xs, double[] ys, string file, string title)
    {
        var plot = new Plot();
        var raw = plot.Add.Scatter(xs, ys);
        raw.LegendText = metric;
        raw.MarkerSize = 0;
        if (xs.Length >= 10)
        {
            raw.Color = raw.Color.WithAlpha(0.35);
            var smooth = plot.Add.Scatter(xs, MovingAverage(ys, Math.Max(3, xs.Length / 15)));
            smooth.LegendText = "moving average";
            smooth.MarkerSize = 0;
            smooth.LineWidth = 2;
        }
        plot.Title(string.IsNullOrEmpty(title) ? metric : $"{title}: {metric}");
        plot.XLabel("step");
        plot.YLabel(metric);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(file, 800, 450);
    }

    private static double[] MovingAverage(double[] values, int window)
    {
        var result = new double[values.Length];
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window)
                sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }
}
