{#- The raw sources of docs/metrics.md section 1, in dependency order. -#}
{% macro loyalty_sources() -%}
    {{ return(['customers', 'products', 'orders', 'order_items', 'subscriptions',
               'survey_responses', 'loyalty_members', 'points_ledger', 'game_plays']) }}
{%- endmacro %}

{#- The sources that must hold at least one data row: without customers,
    products, orders and their items every other row would be rejected as an
    unknown reference and the marts would describe nothing. The others may
    be empty: a business without subscriptions, surveys or a loyalty program
    still gets its purchase and retention marts. -#}
{% macro sources_requiring_rows() -%}
    {{ return(['customers', 'products', 'orders', 'order_items']) }}
{%- endmacro %}
