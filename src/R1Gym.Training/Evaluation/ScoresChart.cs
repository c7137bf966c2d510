using ScottPlot;

namespace R1Gym.Training.Evaluation;

/// <summary>A grouped bar chart (ScottPlot): one group per category (task or stage), one bar per series, values in percent.</summary>
public static class ScoresChart
{
    public static void Save(IReadOnlyList<string> categories, IReadOnlyList<(string Name, List<double> Values)> series, string title, string file)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double width = 0.8 / Math.Max(1, series.Count);
        for (int s = 0; s < series.Count; s++)
        {
            var bars = series[s].Values.Select((v, i) => new Bar
            {
                Position = i + (s - (series.Count - 1) / 2.0) * width,
                Value = v * 100,
                Size = width * 0.95,
                FillColor = palette.GetColor(s),
            }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = palette.GetColor(s) });
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        plot.Axes.SetLimitsY(0, 105);
        plot.Title(title);
        plot.YLabel("%");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(file, Math.Max(640, 160 * categories.Count), 420);
    }
}
