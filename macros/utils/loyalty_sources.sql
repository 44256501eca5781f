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

{% macro source_domains() -%}
    {{ return({'survey_responses': 'surveys', 'subscriptions': 'subscriptions',
               'loyalty_members': 'loyalty', 'points_ledger': 'loyalty', 'loyalty_tiers': 'loyalty',
               'loyalty_programs': 'loyalty', 'game_plays': 'programs'}) }}
{%- endmacro %}

{% macro source_enabled(source_name) -%}
    {%- set domain = loyalty.source_domains().get(source_name) -%}
    {{ return(domain is none or loyalty.using(domain)) }}
{%- endmacro %}

{% macro raw_identifier(source_name) -%}
    {{ return((var('raw_identifiers') or {}).get(source_name, source_name)) }}
{%- endmacro %}
