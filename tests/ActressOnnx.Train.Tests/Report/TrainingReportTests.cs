using ActressOnnx.Testing;
using ActressOnnx.Testing.Browser;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Report;

namespace ActressOnnx.Train.Tests.Report;

public sealed class TrainingReportTests(TrainedReportFixture trained, HeadlessChromium chromium)
    : IClassFixture<TrainedReportFixture>, IClassFixture<HeadlessChromium>
{
    private const int ImageCount = 2 * TrainedReportFixture.ImagesPerClass;

    [Fact]
    public void Train_WritesReportBesideCheckpoint()
    {
        var reportPath = trained.Result.ReportPath;

        Assert.NotNull(reportPath);
        Assert.Equal(Path.Combine(trained.Root.FullName, "model-report", "report.html"), reportPath);
        foreach (var chart in new[] { ReportHtml.LossChart, ReportHtml.LearningRateChart, ReportHtml.ErrorRateChart, ReportHtml.ConfusionChart })
        {
            var png = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(reportPath)!, chart));
            Assert.True(png.Length > 2000, $"{chart} is only {png.Length} bytes");
            Assert.Equal((byte)'P', png[1]);
        }
    }

    [Fact]
    public void Train_RecordsTheDatasetFolderThePredictionPathsAreRelativeTo()
    {
        var dataset = ReportDataset.TryRead(TrainingReport.DirectoryFor(trained.Result.CheckpointPath));

        Assert.NotNull(dataset);
        Assert.Equal(Path.GetFullPath(trained.DataDirectory), dataset.Root);
        var rows = PredictionsFile.TryRead(TrainingReport.PredictionsPathFor(trained.Result.CheckpointPath))!;
        Assert.All(rows, row => Assert.True(File.Exists(Path.Combine(dataset.Root, row.Path)), row.Path));
    }

    [Fact]
    public void Predictions_CoverEveryImageWithTheTrainingSplitAndCrossEntropyLoss()
    {
        var rows = PredictionsFile.TryRead(Path.Combine(TrainingReport.DirectoryFor(trained.Result.CheckpointPath), PredictionsFile.FileName));

        Assert.NotNull(rows);
        Assert.Equal(ImageCount, rows.Count);
        Assert.Equal(rows.Select(r => r.Loss).OrderDescending(), rows.Select(r => r.Loss));
        var folder = ImageFolder.Scan(trained.DataDirectory);
        var split = DatasetSplitter.Split(folder.Files.Select(f => f.Label).ToArray(), TrainedReportFixture.ValidFraction, TrainedReportFixture.Seed);
        var expectedValid = split.Valid.Select(i => Path.GetRelativePath(trained.DataDirectory, folder.Files[i].Path).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(expectedValid, rows.Where(r => r.Split == SplitNames.Valid).Select(r => r.Path).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            Assert.Equal(row.Path.Split('/')[0], row.Actual);
            Assert.Equal(-Math.Log(row.ActualProbability), row.Loss, 1e-5);
            Assert.InRange(row.Probability, 1.0 / trained.Result.Info.Labels.Count, 1.0);
            Assert.Equal(FileFingerprint.Of(Path.Combine(trained.DataDirectory, row.Path)).Sha256, row.Sha256);
            if (row.Predicted == row.Actual)
            {
                Assert.Equal(row.Probability, row.ActualProbability, 1e-9);
            }
        }
    }

    [Theory]
    [InlineData(1280, 900, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task ReportHtml_InChromium_LoadsEveryImageAndConfusionCountsAddUpToValidationSize(int width, int height, string name)
    {
        var page = await chromium.NewPageAsync(width, height);
        await page.GotoAsync(new Uri(trained.Result.ReportPath!).AbsoluteUri);

        var images = await page.EvaluateAsync<ImageState[]>("() => [...document.images].map(i => ({ src: i.getAttribute('src'), complete: i.complete, naturalWidth: i.naturalWidth }))");
        var countSum = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('#confusion td[data-count]')].reduce((s, td) => s + Number(td.dataset.count), 0)");
        var topLosses = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('#top-losses figure')].map(f => Number(f.dataset.loss))");
        await page.ScreenshotAsync(new() { Path = Screenshot($"report-{name}.png"), FullPage = true });
        await page.Context.CloseAsync();

        Assert.Equal(4 + topLosses.Length, images.Length);
        Assert.All(images, image => Assert.True(image.Complete && image.NaturalWidth > 0, $"{image.Src} did not load"));
        Assert.All(images, image => Assert.False(Uri.TryCreate(image.Src, UriKind.Absolute, out _), $"{image.Src} is not a file beside the report"));
        var html = await File.ReadAllTextAsync(trained.Result.ReportPath!);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal); // self-contained: no script, no stylesheet or font to fetch
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        var validCount = PredictionsFile.TryRead(Path.Combine(TrainingReport.DirectoryFor(trained.Result.CheckpointPath), PredictionsFile.FileName))!
            .Count(r => r.Split == SplitNames.Valid);
        Assert.Equal(validCount, countSum);
        Assert.Equal(validCount, topLosses.Length);
        Assert.Equal(topLosses.OrderDescending(), topLosses);
    }

    internal static string Screenshot(string fileName) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, fileName);

    private sealed class ImageState
    {
        public string Src { get; set; } = "";

        public bool Complete { get; set; }

        public int NaturalWidth { get; set; }
    }
}
