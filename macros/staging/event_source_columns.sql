{#- The column specs of the four event sources, said once: their parsed
    model (base_loyalty__<source>_parsed) parses these columns, and their
    base model writes a rejected row's raw text from them. The other sources
    are parsed and checked in one model, which states its own spec.
    A spec: name, type (text, enum, timestamp, money, integer), and
    optionally nullable and optional_column (may be absent from the file). -#}
{% macro event_source_columns(source_name) %}
    {%- set specs = {
        'orders': [
            {'name': 'order_id', 'type': 'text'},
            {'name': 'customer_id', 'type': 'text'},
            {'name': 'ordered_at', 'type': 'timestamp'},
            {'name': 'status', 'type': 'enum'},
            {'name': 'amount', 'type': 'money'},
        ],
        'order_items': [
            {'name': 'order_id', 'type': 'text'},
            {'name': 'product_id', 'type': 'text'},
            {'name': 'quantity', 'type': 'integer'},
            {'name': 'unit_price', 'type': 'money'},
        ],
        'survey_responses': [
            {'name': 'response_id', 'type': 'text'},
            {'name': 'customer_id', 'type': 'text', 'nullable': true},
            {'name': 'survey_type', 'type': 'enum'},
            {'name': 'score', 'type': 'integer'},
            {'name': 'responded_at', 'type': 'timestamp'},
            {'name': 'touchpoint', 'type': 'text', 'nullable': true},
        ],
        'points_ledger': [
            {'name': 'entry_id', 'type': 'text'},
            {'name': 'customer_id', 'type': 'text'},
            {'name': 'occurred_at', 'type': 'timestamp'},
            {'name': 'entry_type', 'type': 'enum'},
            {'name': 'points', 'type': 'integer'},
            {'name': 'partner', 'type': 'text', 'nullable': true, 'optional_column': true},
        ],
    } -%}
    {{ return(specs[source_name]) }}
{% endmacro %}
