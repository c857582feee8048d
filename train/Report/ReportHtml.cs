using System.Globalization;
using System.Net;
using System.Text;

namespace ActressOnnx.Train.Report;

/// <summary>Renders the self-contained <c>report.html</c>: inline CSS, no script, images beside it.</summary>
internal static class ReportHtml
{
    public const string LossChart = "loss.png";
    public const string LearningRateChart = "learning-rate.png";
    public const string ErrorRateChart = "error-rate.png";
    public const string ConfusionChart = "confusion-matrix.png";

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem; color: #1f2328; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
        .meta { color: #57606a; margin-top: 0; } .cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
        .card { border: 1px solid #d0d7de; border-radius: 8px; padding: .6rem 1rem; min-width: 8rem; } .card b { display: block; font-size: 1.4rem; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); gap: 1rem; }
        .charts img, .confusion img { width: 100%; height: auto; border: 1px solid #d0d7de; border-radius: 6px; }
        .confusion { display: grid; grid-template-columns: minmax(260px, 420px) 1fr; gap: 1.5rem; align-items: start; }
        table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: right; }
        caption { text-align: left; color: #57606a; font-size: .85rem; padding-bottom: .2rem; } #top-losses { margin-bottom: 1rem; }
        th:first-child, td:first-child { text-align: left; } thead th { background: #f6f8fa; } td.diag { background: #dafbe1; font-weight: 600; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .8rem; }
        figure { margin: 0; border: 1px solid #d0d7de; border-radius: 8px; overflow: hidden; }
        figure img { width: 100%; aspect-ratio: 1; object-fit: contain; background: #f6f8fa; image-rendering: pixelated; display: block; }
        figcaption { font-size: .8rem; padding: .35rem .5rem; line-height: 1.35; word-break: break-word; } .wrong { color: #cf222e; font-weight: 600; }
        @media (max-width: 640px) { .confusion { grid-template-columns: 1fr; } .grid { grid-template-columns: repeat(2, 1fr); } body { padding: .6rem; } }
        """;

    public static string Render(TrainingReportInput input, ClassificationMetrics metrics, IReadOnlyList<TopLoss> topLosses)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(topLosses);
        var html = new StringBuilder();
        var trainCount = input.Predictions.Count(p => p.Split == SplitNames.Train);
        var validCount = metrics.Total;
        var last = input.History.Count > 0 ? input.History[^1] : null;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Training report: ").Append(Encode(Path.GetFileName(input.CheckpointPath))).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<h1>Training report</h1>\n<p class=\"meta\">Checkpoint <code>").Append(Encode(input.CheckpointPath)).Append("</code><br>Dataset <code>")
            .Append(Encode(input.DataRoot)).Append("</code>, ").Append(Invariant($"{input.Data.Settings.Width}x{input.Data.Settings.Height}"))
            .Append(", ").Append(Encode(string.Join(", ", metrics.Labels))).Append("</p>\n");

        html.Append("<div class=\"cards\">")
            .Append(Card("epochs", input.History.Count.ToString(CultureInfo.InvariantCulture)))
            .Append(Card("training images", trainCount.ToString(CultureInfo.InvariantCulture)))
            .Append(Card("validation images", validCount.ToString(CultureInfo.InvariantCulture)))
            .Append(Card("error rate", Percent(last?.ErrorRate)))
            .Append(Card("valid loss", Number(last?.ValidLoss)))
            .Append("</div>\n");

        html.Append("<h2>Training</h2>\n<div class=\"charts\">")
            .Append(Image(LossChart, "Train loss per batch (smoothed) and validation loss per epoch"))
            .Append(Image(LearningRateChart, "Learning rate per optimiser step"))
            .Append(Image(ErrorRateChart, "Validation error rate per epoch"))
            .Append("</div>\n");
        AppendEpochs(html, input);

        html.Append("<h2>Validation</h2>\n<div class=\"confusion\">").Append(Image(ConfusionChart, "Confusion matrix")).Append("<div>");
        AppendConfusion(html, metrics);
        AppendPerClass(html, metrics);
        html.Append("</div></div>\n");

        AppendTopLosses(html, topLosses);
        html.Append("<p class=\"meta\">Every image's prediction and loss: <a href=\"").Append(PredictionsFile.FileName).Append("\">")
            .Append(PredictionsFile.FileName).Append("</a> (JSON lines, highest loss first).</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendEpochs(StringBuilder html, TrainingReportInput input)
    {
        html.Append("<table id=\"epochs\"><thead><tr><th>epoch</th><th>train loss</th><th>valid loss</th><th>error rate</th><th>time</th></tr></thead><tbody>");
        foreach (var epoch in input.History)
        {
            html.Append(Invariant($"<tr><td>{epoch.Epoch + 1}</td><td>{epoch.TrainLoss:F4}</td><td>{Number(epoch.ValidLoss)}</td><td>{Percent(epoch.ErrorRate)}</td><td>{epoch.Duration.TotalSeconds:F1} s</td></tr>"));
        }

        html.Append("</tbody></table>\n");
    }

    private static void AppendConfusion(StringBuilder html, ClassificationMetrics metrics)
    {
        html.Append("<table id=\"confusion\"><caption>rows: actual, columns: predicted</caption><thead><tr><th></th>");
        foreach (var label in metrics.Labels)
        {
            html.Append("<th>").Append(Encode(label)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        for (var actual = 0; actual < metrics.Labels.Count; actual++)
        {
            html.Append("<tr><th>").Append(Encode(metrics.Labels[actual])).Append("</th>");
            for (var predicted = 0; predicted < metrics.Labels.Count; predicted++)
            {
                var count = metrics.Confusion[actual, predicted];
                html.Append(actual == predicted ? "<td class=\"diag\"" : "<td").Append(Invariant($" data-count=\"{count}\">{count}</td>"));
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>\n");
    }

    private static void AppendPerClass(StringBuilder html, ClassificationMetrics metrics)
    {
        html.Append("<table id=\"per-class\"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>images</th></tr></thead><tbody>");
        for (var label = 0; label < metrics.Labels.Count; label++)
        {
            html.Append("<tr><td>").Append(Encode(metrics.Labels[label])).Append("</td><td>").Append(Number(metrics.Precision(label), "F3"))
                .Append("</td><td>").Append(Number(metrics.Recall(label), "F3")).Append("</td><td>").Append(Number(metrics.F1(label), "F3"))
                .Append(Invariant($"</td><td>{metrics.Row(label)}</td></tr>"));
        }

        html.Append("</tbody></table>\n");
    }

    private static void AppendTopLosses(StringBuilder html, IReadOnlyList<TopLoss> topLosses)
    {
        html.Append("<h2>Top losses</h2>\n<p class=\"meta\">The validation images the model gets most wrong, as the model sees them: predicted / actual / loss / probability of the actual class.</p>\n");
        if (topLosses.Count == 0)
        {
            html.Append("<p>There is no validation set (the split held out no image).</p>\n");
            return;
        }

        html.Append("<div class=\"grid\" id=\"top-losses\">");
        foreach (var top in topLosses)
        {
            var p = top.Prediction;
            var wrong = p.Predicted != p.Actual;
            html.Append(Invariant($"<figure data-loss=\"{p.Loss:R}\"><img src=\"{Encode(top.ImageFile)}\" alt=\"{Encode(p.Path)}\" title=\"{Encode(p.Path)}\"><figcaption>"))
                .Append(wrong ? "<span class=\"wrong\">" : "<span>").Append(Encode(p.Predicted)).Append("</span> / ").Append(Encode(p.Actual))
                .Append(Invariant($" / {p.Loss:F2} / {p.ActualProbability:F2}")).Append("</figcaption></figure>");
        }

        html.Append("</div>\n");
    }

    private static string Card(string name, string value) => $"<div class=\"card\">{Encode(name)}<b>{Encode(value)}</b></div>";

    private static string Image(string file, string alt) => $"<img src=\"{file}\" alt=\"{Encode(alt)}\">";

    private static string Percent(double? value) => value is { } v ? Invariant($"{v * 100:F1}%") : "n/a";

    private static string Number(double? value, string format = "F4") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
