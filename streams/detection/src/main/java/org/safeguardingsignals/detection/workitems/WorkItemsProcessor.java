package org.safeguardingsignals.detection.workitems;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.decisions.WorkingDays;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.internal.ChildWorkItems;
import org.safeguardingsignals.internal.WorkItemInput;

/**
 * Keeps each child's open work items (store {@value #STORE}, keyed by pseudonym) and publishes every item that an
 * alert or a decision changes, whole, keyed by the child's pseudonym. A child with no open item leaves the store.
 */
public final class WorkItemsProcessor implements Processor<String, WorkItemInput, String, WorkItem> {
    public static final String STORE = "work-items";

    private final WorkItemFold fold;
    private ProcessorContext<String, WorkItem> context;
    private KeyValueStore<String, ChildWorkItems> store;

    public WorkItemsProcessor(WorkingDays workingDays) {
        this.fold = new WorkItemFold(workingDays);
    }

    @Override
    public void init(ProcessorContext<String, WorkItem> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, WorkItemInput> record) {
        String child = record.key();
        ChildWorkItems items = Optional.ofNullable(store.get(child))
                .orElseGet(() -> ChildWorkItems.newBuilder().build());
        WorkItemInput in = record.value();
        List<WorkItem> changed = in.getAlert() != null
                ? fold.onAlert(items, in.getAlert())
                : in.getDecision() != null ? fold.onDecision(items, in.getDecision()) : List.of();
        if (changed.isEmpty()) {
            return;
        }
        if (items.getOpen().isEmpty()) {
            store.delete(child);
        } else {
            store.put(child, items);
        }
        // processing time, as for alerts: an old event time on an output topic falls to its retention
        changed.forEach(item -> context.forward(new Record<>(child, item, context.currentSystemTimeMs())));
    }
}
