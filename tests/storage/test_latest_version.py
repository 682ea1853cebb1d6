def test_storage_latest_version_follows_new_versions(store, example_report):
    rows = example_report.accepted
    assert store.latest_version("area") is None
    store.save_version("area", rows.head(3), actor="Ann")
    assert store.latest_version("area") == 1
    store.save_version("area", rows.head(4), actor="Ann")
    store.save_version("other", rows.head(2), actor="Ann")
    assert store.latest_version("area") == 2 and store.latest_version("other") == 1
