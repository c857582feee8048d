namespace ActressOnnx.Testing;

/// <summary>Locations tests need: the repository root and fresh scratch folders.</summary>
public static class TestPaths
{
    /// <summary>The repository root (the folder holding ActressOnnx.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Creates an empty folder under the system temp folder.</summary>
    public static DirectoryInfo NewTempDirectory(string prefix = "actressonnx-test")
    {
        return Directory.CreateTempSubdirectory(prefix + "-");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActressOnnx.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find ActressOnnx.sln above " + AppContext.BaseDirectory + "; run the tests from the repository.");
    }
}
