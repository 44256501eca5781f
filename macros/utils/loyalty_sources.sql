{#- The raw sources of docs/metrics.md section 1, in dependency order. -#}
{% macro loyalty_sources() -%}
    {{ return(['customers', 'products', 'orders', 'order_items', 'subscriptions',
               'survey_responses', 'loyalty_members', 'points_ledger', 'game_plays']) }}
{%- endmacro %}
