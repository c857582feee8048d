extern alias train;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ActressOnnx.Imaging;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Net;
using train::ActressOnnx.Train.Export;
using train::ActressOnnx.Train.Model;
using train::ActressOnnx.Train.Training;

namespace ActressOnnx.Benchmarks.Serving;

/// <summary>
/// Cold start of the standalone host: from starting the process to the first 200 from <c>POST /api/predict</c>, with
/// a 224 px FP32 ResNet18 published to a local Azurite, over several starts. Each start also reports when the host
/// first answered (503 <c>loading</c>) and the load phases the host logs (download and SHA-256, ONNX Runtime session,
/// warm-up). With <c>--host NAME=DIR</c> (repeatable: the build or publish output of another version of the host,
/// e.g. main's, or a ReadyToRun publish) the starts go round those hosts and this one, so all are measured under the
/// same machine load. Usage: <c>coldstart [--starts N] [--host NAME=DIR]...</c>.
/// </summary>
internal static partial class ColdStartBenchmark
{
    private static readonly Uri PredictUri = new("/api/predict", UriKind.Relative);

    public static async Task<int> RunAsync(string[] args)
    {
        var starts = args.SkipWhile(a => a != "--starts").Skip(1).Select(int.Parse).FirstOrDefault(5);
        var hosts = args.Zip(args.Skip(1)).Where(pair => pair.First == "--host").Select(pair => pair.Second.Split('=', 2))
            .Select(parts => (parts[0], Path.GetFullPath(parts[1])))
            .Append(("this", AppContext.BaseDirectory))
            .ToArray();
        var directory = TestPaths.NewTempDirectory("cold-start");
        var azurite = new AzuriteFixture();
        try
        {
            var info = new CheckpointInfo("resnet18", SyntheticDataset.Labels, new PreprocessSettings(224, 224, ResizeMethod.Crop), Epochs: 0, ValidLoss: null, ValidErrorRate: null, DateTimeOffset.UtcNow);
            string modelPath;
            using (var model = new ResNet18(numClasses: 2))
            {
                model.eval();
                modelPath = OnnxExporter.Export(model, info, Path.Combine(directory.FullName, "fp32.onnx"), options: null, CancellationToken.None).Path;
            }

            await azurite.InitializeAsync();
            var storage = new ModelStorageOptions { ConnectionString = azurite.ConnectionString, ContainerName = azurite.NewContainerName("cold"), ModelName = "fp32" };
            await ModelRepositoryClient.Create(storage).PublishAsync(modelPath, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model: {new FileInfo(modelPath).Length / 1e6:F1} MB FP32 ResNet18, 224 px; {Environment.ProcessorCount} logical processors"));
            Console.WriteLine("| host | start | host answers (ms) | load began (ms) | download + SHA-256 (ms) | session (ms) | warm-up (ms) | model served, after process start (ms) | first 200 from /api/predict (ms) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            using var photo = TestImages.SmoothPicture(640, 400);
            var jpeg = TestImages.Encode(photo, ImageFormat.Jpeg, 90);
            var firsts = hosts.ToDictionary(h => h.Item1, _ => new List<double>());
            for (var start = 1; start <= starts; start++)
            {
                foreach (var (name, hostDirectory) in hosts)
                {
                    var (answering, first, log) = await StartOnceAsync(hostDirectory, storage, jpeg);
                    firsts[name].Add(first);
                    var phases = LoadPhases().Match(log);
                    string Phase(string group) => phases.Success ? phases.Groups[group].Value : "-";
                    var began = phases.Success
                        ? (int.Parse(Phase("uptime"), CultureInfo.InvariantCulture) - int.Parse(Phase("download"), CultureInfo.InvariantCulture)
                            - int.Parse(Phase("session"), CultureInfo.InvariantCulture) - int.Parse(Phase("warmup"), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)
                        : "-";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {start} | {answering:F0} | {began} | {Phase("download")} | {Phase("session")} | {Phase("warmup")} | {Phase("uptime")} | {first:F0} |"));
                }
            }

            foreach (var (name, times) in firsts)
            {
                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: median first prediction {times[times.Count / 2]:F0} ms over {starts} starts (min {times[0]:F0}, max {times[^1]:F0})"));
            }

            return 0;
        }
        finally
        {
            await azurite.DisposeAsync();
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(double Answering, double First, string Log)> StartOnceAsync(string hostDirectory, ModelStorageOptions storage, byte[] jpeg)
    {
        var port = LoopbackPort.Free();
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = hostDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(hostDirectory, "ActressOnnx.Serving.Host.dll"));
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        startInfo.Environment["Logging__LogLevel__ActressOnnx"] = "Information";
        startInfo.Environment["ModelStorage__ConnectionString"] = storage.ConnectionString!;
        startInfo.Environment["ModelStorage__ContainerName"] = storage.ContainerName;
        startInfo.Environment["ModelStorage__ModelName"] = storage.ModelName;
        var log = new System.Text.StringBuilder();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        double? answering = null;
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var content = new ByteArrayContent(jpeg);
                    content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                    using var response = await client.PostAsync(PredictUri, content);
                    answering ??= clock.Elapsed.TotalMilliseconds;
                    if (response.IsSuccessStatusCode)
                    {
                        var first = clock.Elapsed.TotalMilliseconds;
                        await Task.Delay(200);
                        lock (log)
                        {
                            return (answering.Value, first, log.ToString());
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(10);
            }

            throw new TimeoutException($"The host gave no 200 within 60 s:\n{log}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"download and SHA-256 (?<download>\d+) ms, session (?<session>\d+) ms, warm-up (?<warmup>\d+) ms; (?<uptime>\d+) ms after process start")]
    private static partial Regex LoadPhases();
}
