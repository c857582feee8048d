namespace ActressOnnx.Train.Audit;

/// <summary>Disjoint sets over indices 0..n-1 in a parent array: each set's root is its smallest index.</summary>
internal static class UnionFind
{
    /// <summary>The root of <paramref name="i"/>'s set, halving the path on the way.</summary>
    public static int Find(int[] parent, int i)
    {
        ArgumentNullException.ThrowIfNull(parent);
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    /// <summary>Joins the sets of <paramref name="a"/> and <paramref name="b"/>; the smaller root becomes the root.</summary>
    public static void Union(int[] parent, int a, int b)
    {
        var (rootA, rootB) = (Find(parent, a), Find(parent, b));
        if (rootA != rootB)
        {
            parent[Math.Max(rootA, rootB)] = Math.Min(rootA, rootB);
        }
    }
}
