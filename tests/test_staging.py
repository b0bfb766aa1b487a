from transforms.staging.files import StagingFile, read_blobs


def test_blobs_come_back_by_location_whatever_the_order_asked(tmp_path):
    first, second = StagingFile(str(tmp_path)), StagingFile(str(tmp_path))
    a = first.append(b"alpha")
    b = first.append(b"")
    c = first.append(b"\x00gamma" * 100)
    d = second.append(b"delta")
    first.close()
    second.close()
    assert (a.offset, b.offset, c.offset, c.length) == (0, 5, 5, 600) and a.file_name != d.file_name
    assert dict(read_blobs(str(tmp_path), [d, c, a, b])) == {a: b"alpha", b: b"", c: b"\x00gamma" * 100, d: b"delta"}
    assert sorted(path.stat().st_size for path in tmp_path.iterdir()) == [5, 605]


def test_locations_are_read_in_file_order(tmp_path):
    staging = StagingFile(str(tmp_path))
    locations = [staging.append(bytes([n]) * 3) for n in range(5)]
    staging.close()
    assert [blob for _, blob in read_blobs(str(tmp_path), reversed(locations))] == [bytes([n]) * 3 for n in range(5)]
