namespace DumboFL.Ledger.Storage;

internal sealed partial class EntryIdIndex
{
    /// <summary>
    /// Starts a merge on every level holding <see cref="FanIn"/> runs that no merge has taken (one merge per level at a
    /// time), then moves up to <paramref name="step"/> records of each merge in progress, lowest level first. Doing at
    /// least twice a block's records per merge keeps every level ahead of its arrivals: a level's merge reads
    /// <see cref="FanIn"/> runs and finishes before half as many new ones have come in.
    /// </summary>
    private void AdvanceMerges(int step)
    {
        StartMerges();
        for (var i = 0; i < _merges.Count; i++)
        {
            var merge = _merges[i];
            if (Advance(merge, step))
            {
                Finish(merge);
                _merges.RemoveAt(i--);
                StartMerges();
            }
        }
    }

    private void StartMerges()
    {
        foreach (var level in _live.Select(r => r.Level).Distinct().Order().ToArray())
        {
            if (_merges.Any(m => m.Output.Level == level + 1))
            {
                continue;
            }
            var inputs = _live.Where(r => r.Level == level && !r.Merging).Take(FanIn).ToArray();
            if (inputs.Length < FanIn)
            {
                continue;
            }
            foreach (var input in inputs)
            {
                input.Merging = true;
            }
            _merges.Add(new Merge(inputs, NewRun(level + 1)));
        }
    }

    /// <summary>Moves up to <paramref name="step"/> records into the output; true once every input is exhausted.</summary>
    private bool Advance(Merge merge, int step)
    {
        foreach (var cursor in merge.Cursors)
        {
            if (!cursor.Started)
            {
                cursor.MoveNext(this);
            }
        }
        for (var moved = 0; moved < step; moved++)
        {
            Cursor? next = null;
            foreach (var cursor in merge.Cursors)
            {
                if (!cursor.Done && (next is null || cursor.Current.Id < next.Current.Id))
                {
                    next = cursor;
                }
            }
            if (next is null)
            {
                return true;
            }
            merge.Buffer[merge.Buffered++] = next.Current;
            if (merge.Buffered == PageRecords)
            {
                WritePage(merge.Output, merge.Buffer);
                merge.Buffered = 0;
            }
            merge.Written++;
            RecordsMerged++;
            next.MoveNext(this);
        }
        return merge.Cursors.All(c => c.Done);
    }

    /// <summary>The output replaces its inputs, in the store's transaction: lookups see one or the other, never neither.</summary>
    private void Finish(Merge merge)
    {
        if (merge.Buffered > 0)
        {
            WritePage(merge.Output, merge.Buffer.AsSpan(0, merge.Buffered));
            merge.Buffered = 0;
        }
        Complete(merge.Output, merge.Written);
        foreach (var input in merge.Inputs)
        {
            // Dead from now on (lookups no longer read it); its pages go a bounded number per block, because deleting
            // a deep level's inputs at once (millions of records) stalled the block that finished the merge.
            Execute("UPDATE id_runs SET complete = $dead WHERE run = $run", ("$dead", Dead), ("$run", input.Id));
            _live.Remove(input);
            _dead.Enqueue(input);
        }
        _live.Add(merge.Output);
    }

    /// <summary>Deletes up to <paramref name="pages"/> pages of dead runs, and a dead run's row once its pages are gone.</summary>
    private void CollectDead(int pages)
    {
        while (pages > 0 && _dead.TryPeek(out var run))
        {
            var take = Math.Min(pages, run.Fences.Count - run.Collected);
            if (take > 0)
            {
                Execute("DELETE FROM id_pages WHERE key >= $from AND key < $to",
                    ("$from", (run.Id << PageBits) | (long)run.Collected), ("$to", (run.Id << PageBits) | (long)(run.Collected + take)));
                run.Collected += take;
                pages -= take;
            }
            if (run.Collected >= run.Fences.Count)
            {
                Execute("DELETE FROM id_runs WHERE run = $run", ("$run", run.Id));
                _dead.Dequeue();
            }
        }
    }

    private sealed class Merge
    {
        public Merge(Run[] inputs, Run output)
        {
            Inputs = inputs;
            Output = output;
            Cursors = inputs.Select(r => new Cursor(r)).ToArray();
        }

        public Run[] Inputs { get; }

        public Run Output { get; }

        public Cursor[] Cursors { get; }

        public IdRecord[] Buffer { get; } = new IdRecord[PageRecords];

        public int Buffered { get; set; }

        public long Written { get; set; }
    }

    /// <summary>A position in one input run: the page in memory and the record in it.</summary>
    private sealed class Cursor(Run run)
    {
        private byte[]? _page;
        private int _pageIndex = -1;
        private int _offset;

        public bool Done { get; private set; }

        public IdRecord Current { get; private set; }

        public bool Started => _pageIndex >= 0;

        /// <summary>Loads the first record (on first use) or the next one.</summary>
        public void MoveNext(EntryIdIndex index)
        {
            if (_page is not null && _offset + RecordSize < _page.Length)
            {
                _offset += RecordSize;
                Current = ReadRecord(_page, _offset);
                return;
            }
            _pageIndex++;
            if (_pageIndex >= run.Fences.Count)
            {
                _page = null;
                Done = true;
                return;
            }
            _page = index.ReadPage(run, _pageIndex);
            _offset = 0;
            Current = ReadRecord(_page, 0);
        }
    }
}
