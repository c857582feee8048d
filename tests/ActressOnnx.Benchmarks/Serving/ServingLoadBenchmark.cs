using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using ActressOnnx.Imaging;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Serving;
using Microsoft.ML.OnnxRuntime;

namespace ActressOnnx.Benchmarks.Serving;

/// <summary>
/// What a user of <c>POST /api/predict</c> sees: the real function app on loopback (models from Azurite) serving a
/// 224 px ResNet18 as FP32 and INT8, driven at concurrency 1 and 8 with a 640x400 and a 2560x1600 JPEG (raw body),
/// next to the in-process <c>InferenceSession.Run</c> floor of each model measured in the same run. It first compares
/// ways of running concurrent requests on the FP32 model (no limit versus queued runs), then runs every case with
/// the service's defaults. Usage: <c>load [--seconds N] [--train-steps N]</c>.
/// </summary>
internal static class ServingLoadBenchmark
{
    private static readonly Uri PredictUri = new("/api/predict", UriKind.Relative);
    private static readonly string[] CpuFeatures = ["avx2", "avx512f", "avx512_vnni", "avx_vnni"];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = IntOption(args, "--seconds", 8);
        var trainingSteps = IntOption(args, "--train-steps", 20);
        Console.WriteLine($"CPU: {CpuDescription()}; {Environment.ProcessorCount} logical processors");

        var directory = TestPaths.NewTempDirectory("load-bench");
        var azurite = new AzuriteFixture();
        try
        {
            Console.WriteLine($"Training a ResNet18 briefly ({trainingSteps} steps) and exporting it as FP32 and INT8 ...");
            var models = LoadBenchmarkModels.Create(directory.FullName, trainingSteps);
            var q = models.Quantization;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"INT8 vs FP32 on {q.ImageCount} calibration images: label agreement {q.LabelAgreement * 100:F1}%, mean probability difference {q.MeanAbsoluteDifference:E2}; files {new FileInfo(models.Fp32Path).Length / 1e6:F1} MB vs {new FileInfo(models.Int8Path).Length / 1e6:F1} MB"));

            await azurite.InitializeAsync();
            var container = azurite.NewContainerName("load");
            foreach (var (name, path) in new[] { ("fp32", models.Fp32Path), ("int8", models.Int8Path) })
            {
                var storage = new ModelStorageOptions { ConnectionString = azurite.ConnectionString, ContainerName = container, ModelName = name };
                await ModelRepositoryClient.Create(storage).PublishAsync(path, CancellationToken.None);
            }

            using var smallPhoto = TestImages.SmoothPicture(640, 400);
            var images = new (string Name, byte[] Jpeg)[]
            {
                ("640x400", TestImages.Encode(smallPhoto, ImageFormat.Jpeg, 90)),
                ("2560x1600", TestImages.LargeJpeg(2560, 1600)),
            };

            // The floor is measured again each time an app has started (and idles), right before its load runs, so
            // each ratio compares numbers taken moments apart on a machine whose load changes.
            var paths = new Dictionary<string, string> { ["fp32"] = models.Fp32Path, ["int8"] = models.Int8Path };
            var floors = new Dictionary<(string Model, string Mode), double>();

            var window = TimeSpan.FromSeconds(seconds);
            var warmUp = TimeSpan.FromSeconds(Math.Max(1, seconds / 4));
            var rows = new List<(string Model, string Mode, string Image, int Concurrency, LoadResult Result)>();

            async Task RunModeAsync(string model, string mode, IReadOnlyDictionary<string, string> serving, IEnumerable<(string Name, byte[] Jpeg)> cases)
            {
                var settings = new Dictionary<string, string>(serving)
                {
                    ["ModelStorage__ConnectionString"] = azurite.ConnectionString,
                    ["ModelStorage__ContainerName"] = container,
                    ["ModelStorage__ModelName"] = model,
                    ["Logging__LogLevel__Default"] = "Warning",
                };
                await using var app = await FunctionAppProcess.StartAsync(settings);
                var health = await app.GetHealthAsync();
                if (!health.TryGetProperty("status", out var status) || status.GetString() != "ok")
                {
                    throw new InvalidOperationException($"The app serves no model: {health}\n{app.Output}");
                }

                var floor = floors[(model, mode)] = MeasureFloor(paths[model], images[0].Jpeg);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {model} | {mode} | in-process InferenceSession.Run floor (median of 30, best of spinning on/off) | | {floor:F1} | | | |"));
                foreach (var (name, jpeg) in cases)
                {
                    foreach (var concurrency in new[] { 1, 8 })
                    {
                        var result = await LoadGenerator.RunAsync(app.Client, () => Request(jpeg), concurrency, warmUp, window, CancellationToken.None);
                        rows.Add((model, mode, name, concurrency, result));
                        Console.WriteLine(Row(model, mode, name, concurrency, result));
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine("| Model | Concurrent runs | JPEG | Concurrency | p50 ms | p99 ms | req/s | errors |");
            Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
            var unlimited = new Dictionary<string, string> { ["Serving__MaxConcurrentInferences"] = "0", ["Serving__IntraOpThreads"] = "0" };
            var twoSingleThreaded = new Dictionary<string, string> { ["Serving__MaxConcurrentInferences"] = "2", ["Serving__IntraOpThreads"] = "1" };
            var defaults = new Dictionary<string, string>();
            await RunModeAsync("fp32", "unlimited", unlimited, images[..1]);
            await RunModeAsync("fp32", "2 x 1 thread", twoSingleThreaded, images[..1]);
            await RunModeAsync("fp32", "default (1)", defaults, images);
            await RunModeAsync("int8", "default (1)", defaults, images);
            await RunModeAsync("int8", "unlimited", unlimited, images[..1]);

            Console.WriteLine();
            LoadResult Find(string model, string mode, string image, int concurrency) =>
                rows.Single(r => r.Model == model && r.Mode == mode && r.Image == image && r.Concurrency == concurrency).Result;
            foreach (var model in new[] { "fp32", "int8" })
            {
                var c1 = Find(model, "default (1)", "640x400", 1);
                var c8 = Find(model, "default (1)", "640x400", 8);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{model}: end-to-end p50 at concurrency 1 / floor = {c1.P50Milliseconds / floors[(model, "default (1)")]:F2}; p99 / p50 at concurrency 8 = {c8.P99Milliseconds / c8.P50Milliseconds:F2}"));
            }

            foreach (var image in images)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{image.Name}: INT8 / FP32 req/s at concurrency 8 = {Find("int8", "default (1)", image.Name, 8).RequestsPerSecond / Find("fp32", "default (1)", image.Name, 8).RequestsPerSecond:F2}"));
            }

            var unlimitedFp32 = Find("fp32", "unlimited", "640x400", 8);
            var queuedFp32 = Find("fp32", "default (1)", "640x400", 8);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fp32 640x400 at concurrency 8, one run at a time / unlimited: req/s {queuedFp32.RequestsPerSecond / unlimitedFp32.RequestsPerSecond:F2}, p99 {queuedFp32.P99Milliseconds / unlimitedFp32.P99Milliseconds:F2}"));
            return 0;
        }
        finally
        {
            await azurite.DisposeAsync();
            directory.Delete(recursive: true);
        }
    }

    private static HttpRequestMessage Request(byte[] jpeg)
    {
        var content = new ByteArrayContent(jpeg);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new HttpRequestMessage(HttpMethod.Post, PredictUri) { Content = content };
    }

    // The model alone: decoded pixels in, probabilities out. ONNX Runtime's defaults spin idle threads, which wins on a
    // quiet machine and loses badly on a busy one; the floor is the faster of that and the same session without spinning.
    private static double MeasureFloor(string modelPath, byte[] jpeg)
    {
        var pixels = new ImageDecoder().Decode(jpeg, LoadBenchmarkModels.Settings);
        using var spinning = new SessionOptions();
        using var quiet = new SessionOptions();
        quiet.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return Math.Min(MedianRun(modelPath, pixels, spinning), MedianRun(modelPath, pixels, quiet));
    }

    private static double MedianRun(string modelPath, byte[] pixels, SessionOptions options)
    {
        using var session = new InferenceSession(modelPath, options);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 224, 224, 3]);
        using var runOptions = new RunOptions();
        var times = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var clock = Stopwatch.StartNew();
            using var outputs = session.Run(runOptions, ["image"], [input], ["probabilities"]);
            if (i >= 10)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return times.Order().ElementAt(times.Count / 2);
    }

    private static string Row(string model, string mode, string image, int concurrency, LoadResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"| {model} | {mode} | {image} | {concurrency} | {r.P50Milliseconds:F1} | {r.P99Milliseconds:F1} | {r.RequestsPerSecond:F1} | {r.Errors} |");

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    private static string CpuDescription()
    {
        try
        {
            var lines = File.ReadLines("/proc/cpuinfo").ToList();
            var name = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
            var flags = lines.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1].Split(' ') ?? [];
            var features = CpuFeatures.Where(flags.Contains);
            return $"{name} ({string.Join(", ", features)})";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
