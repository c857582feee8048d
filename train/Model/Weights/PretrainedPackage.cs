using System.Reflection;

namespace ActressOnnx.Train.Model.Weights;

/// <summary>
/// Finds the files of the Microsoft.ML.DnnImageFeaturizer.ResNet18 NuGet package (ML.NET's ImageNet ResNet18) in
/// the NuGet package folder, where restore put them: the 63 MB model is never copied into build outputs. The build
/// records the restored folder in this assembly's metadata; the NuGet cache (<c>NUGET_PACKAGES</c> or
/// <c>~/.nuget/packages</c>) is the fallback when the assembly has moved to another machine.
/// </summary>
internal static class PretrainedPackage
{
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    public const string FallbackVersion = "0.23.1";
    private const string MetadataKey = "PretrainedResNet18PackageFolder";

    /// <summary>The package folder, or null when the package is not restored on this machine.</summary>
    public static string? Folder => Candidates().FirstOrDefault(folder => File.Exists(Path.Combine(folder, ModelRelativePath)));

    /// <summary>The package version, from its folder name.</summary>
    public static string Version => Path.GetFileName(Folder?.TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } name ? name : FallbackVersion;

    /// <summary>How checkpoints and exported models name these weights.</summary>
    public static string WeightSource => $"imagenet:{PackageId}/{Version}";

    public static string ModelRelativePath { get; } = Path.Combine("tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    public static string PreprocessRelativePath { get; } = Path.Combine("tools", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>The pretrained ResNet18 (ONNX).</summary>
    /// <exception cref="FileNotFoundException">The package is not restored.</exception>
    public static string ModelPath => Path.Combine(RequireFolder(), ModelRelativePath);

    /// <summary>The package's own preprocessing (RGB to BGR, minus the mean image).</summary>
    /// <exception cref="FileNotFoundException">The package is not restored.</exception>
    public static string PreprocessPath => Path.Combine(RequireFolder(), PreprocessRelativePath);

    private static string RequireFolder() =>
        Folder ?? throw new FileNotFoundException(
            $"The ImageNet ResNet18 weights (NuGet package {PackageId} {FallbackVersion}) are not in the NuGet package folder; run 'dotnet restore' for this repository, or train with --pretrained none.");

    private static IEnumerable<string> Candidates()
    {
        var recorded = typeof(PretrainedPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == MetadataKey)?.Value;
        if (!string.IsNullOrEmpty(recorded))
        {
            yield return recorded;
        }

        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        yield return Path.Combine(cache, PackageId.ToLowerInvariant(), FallbackVersion);
    }
}
