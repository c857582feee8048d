// Test classes in this assembly run one at a time. Most of them drive libtorch, whose global state (the default
// random generator, the thread pool) is shared by every thread in the process: run side by side, seeded tests saw each
// other's random draws, and one in several loaded runs a native call failed on a value another test's work had
// released. One class at a time costs well under a minute here and makes the results repeatable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
