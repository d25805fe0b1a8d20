package org.safeguardingsignals.runtime.access;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One line of the access file: what a principal may do on a resource (a topic, group, transactional id or the
 * cluster) named literally or by prefix. Always ALLOW from any host: the broker denies whatever no rule allows.
 */
public record AccessRule(
        String principal,
        ResourceType resourceType,
        PatternType patternType,
        String name,
        Set<AclOperation> operations) {

    public AccessRule {
        operations = Set.copyOf(operations);
    }

    /** The Kafka ACL bindings for this rule, one per operation. */
    public List<AclBinding> bindings() {
        ResourcePattern pattern = new ResourcePattern(resourceType, name, patternType);
        return operations.stream()
                .sorted()
                .map(op -> new AclBinding(
                        pattern, new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW)))
                .toList();
    }

    /** Whether the rule covers this resource name (exactly, or as a prefix for a prefixed rule). */
    public boolean covers(ResourceType type, String resource) {
        return resourceType == type
                && (patternType == PatternType.PREFIXED ? resource.startsWith(name) : resource.equals(name));
    }
}
