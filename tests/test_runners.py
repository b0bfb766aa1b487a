"""What the job adapts to its runner (pipeline/runners.py), and that both kinds of grouping
give the same rows."""
import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, SetupOptions
from apache_beam.testing.util import assert_that, equal_to

from pipeline import runners
from pipeline.run import UsageError, prepare, run
from tests.output_rows import rows
from transforms.staging.grouping import StagedGroupByKey

FLINK_HERE = ["--runner", "FlinkRunner", "--flink_master", "localhost:8081", "--job_endpoint", "localhost:8099"]
FLINK_AWAY = ["--runner", "FlinkRunner", "--flink_master", "flink.example.org:8081"]


@pytest.mark.parametrize("argv,local", [
    ([], True), (["--runner", "DirectRunner"], True), (["--runner", "PrismRunner"], True),
    (["--runner", "FlinkRunner"], False), (["--runner", "PortableRunner"], False),
    (["--runner", "SparkRunner"], False), (["--runner", "DataflowRunner"], False)])
def test_local_runners_are_told_from_the_others(argv, local):
    options = PipelineOptions(argv)
    assert runners.is_local(options) is local
    assert runners.uses_runner_shuffle(options) is (not local)          # --grouping auto
    assert runners.uses_runner_shuffle(options, "files") is False
    assert runners.uses_runner_shuffle(options, "shuffle") is True


def test_runner_hosts_are_those_of_the_runner_in_use():
    addresses = ["--job_endpoint", "jobs.example.org:8099", "--flink_master", "http://10.1.2.3:8081",
                 "--spark_master_url", "spark://spark.example.org:7077"]
    assert runners.runner_hosts(PipelineOptions(["--runner", "FlinkRunner"] + addresses)) == [
        "jobs.example.org", "10.1.2.3"]
    assert runners.runner_hosts(PipelineOptions(["--runner", "SparkRunner"] + addresses)) == [
        "jobs.example.org", "spark.example.org"]
    assert runners.runner_hosts(PipelineOptions(["--runner", "PortableRunner"] + addresses)) == ["jobs.example.org"]
    assert runners.runner_hosts(PipelineOptions(["--runner", "FlinkRunner"])) == ["localhost"]     # [auto]
    assert runners.runner_hosts(PipelineOptions(["--runner", "SparkRunner"])) == ["localhost"]     # local[4]
    assert runners.runner_hosts(PipelineOptions(["--runner", "DataflowRunner"])) == []


@pytest.mark.parametrize("host,here", [("localhost", True), ("127.0.0.1", True), ("127.8.9.1", True),
                                       ("[local]", True), ("10.1.2.3", False), ("no-such-host.invalid", False)])
def test_on_this_machine(host, here):
    assert runners.on_this_machine(host) is here


def test_local_paths_pass_on_a_cluster_of_this_machine_only(tmp_path):
    paths = {"output": str(tmp_path / "out")}
    runners.refuse_unshared_paths(PipelineOptions(FLINK_HERE), paths)
    runners.refuse_unshared_paths(PipelineOptions([]), paths)                           # DirectRunner
    runners.refuse_unshared_paths(PipelineOptions(FLINK_AWAY), {})                      # nothing local
    runners.refuse_unshared_paths(PipelineOptions(FLINK_AWAY), paths, shared_local_paths=True)
    with pytest.raises(runners.RunnerMismatch, match=r"--output .*out: a local path, which the cluster at "
                                                      r"flink.example.org may not share"):
        runners.refuse_unshared_paths(PipelineOptions(FLINK_AWAY), paths)
    with pytest.raises(runners.RunnerMismatch, match="DataflowRunner's workers"):     # no address to judge by
        runners.refuse_unshared_paths(PipelineOptions(["--runner", "DataflowRunner"]), paths)


def test_project_code_goes_to_non_local_runners_only():
    local = PipelineOptions([])
    runners.supply_project_code(local)
    assert local.view_as(SetupOptions).setup_file is None
    flink = PipelineOptions(FLINK_HERE)
    runners.supply_project_code(flink)
    assert flink.view_as(SetupOptions).setup_file == runners.PROJECT_SETUP
    given = PipelineOptions(FLINK_HERE + ["--setup_file", "/elsewhere/setup.py"])
    runners.supply_project_code(given)
    assert given.view_as(SetupOptions).setup_file == "/elsewhere/setup.py"
    loopback = PipelineOptions(FLINK_HERE + ["--environment_type", "LOOPBACK"])
    runners.supply_project_code(loopback)
    assert loopback.view_as(SetupOptions).setup_file is None


def test_prepare_makes_paths_absolute_and_refuses_a_remote_cluster(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    job = prepare(["--input", "in/*.txt", "--output", "out", "--manifest", "m.csv"])
    assert job.settings.output == str(tmp_path / "out")
    assert job.settings.manifest == str(tmp_path / "m.csv")
    assert job.sources.patterns == (str(tmp_path / "in" / "*.txt"),)
    assert job.settings.runner_shuffles is False and job.settings.grouping_dir is not None
    cluster = prepare(["--input", "in/*.txt", "--output", "out"] + FLINK_HERE)
    assert cluster.settings.runner_shuffles is True and cluster.settings.grouping_dir is None
    with pytest.raises(UsageError, match="--input .*--output .*may not share"):
        prepare(["--input", "in/*.txt", "--output", "out"] + FLINK_AWAY)


@pytest.mark.parametrize("batched", [False, True])
def test_staged_and_plain_grouping_agree(tmp_path, batched):
    pairs = [(f"k{n % 7}", n) for n in range(100)]
    expected = [(f"k{k}", sorted(n for n in range(100) if n % 7 == k)) for k in range(7)]
    for staging_dir in (str(tmp_path / "groups"), None):
        with beam.Pipeline() as p:
            elements = p | beam.Create([pairs[:50], pairs[50:]] if batched else pairs)
            grouped = elements | StagedGroupByKey(staging_dir, batched=batched)
            assert_that(grouped | beam.MapTuple(lambda key, values: (key, sorted(values))), equal_to(expected))


def test_files_and_shuffle_groupings_write_the_same_rows(tmp_path, seeds_dir):
    outputs = {}
    for grouping in ("files", "shuffle"):
        outputs[grouping] = tmp_path / grouping
        run(["--input", str(seeds_dir / "*.txt"), "--output", str(outputs[grouping]), "--no_summary",
             "--ingested_at", "2026-11-20T00:00:00Z", "--grouping", grouping, "--files_per_partition", "2"])
    tables = ("articles", "claims", "errors", "claim_groups")
    files, shuffle = rows(outputs["files"], tables), rows(outputs["shuffle"], tables)
    assert files == shuffle
    assert len(files["articles"]) == 5 and len(files["claims"]) > 50 and files["claim_groups"]
