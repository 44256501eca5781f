{#- Sets of the numbers 0 to size - 1 (for example a customer's categories,
    each numbered), unioned by an aggregate and counted: a distinct count
    over periods that merges each finer period's set instead of grouping
    every (period, element) pair again (docs/decisions.md, "Distinct
    categories as sets"). A bit string of `size` bits on DuckDB and
    PostgreSQL; an array on Spark, which has no bit strings. -#}

{#- The set holding `number` alone. -#}
{% macro number_set(number, size) %}
    {{ return(adapter.dispatch('number_set', 'loyalty')(number, size)) }}
{% endmacro %}

{% macro default__number_set(number, size) -%}
    set_bit(cast(repeat('0', cast({{ size }} as {{ dbt.type_int() }})) as bit varying), cast({{ number }} as {{ dbt.type_int() }}), 1)
{%- endmacro %}

{% macro spark__number_set(number, size) -%}
    array(cast({{ number }} as {{ dbt.type_int() }}))
{%- endmacro %}

{#- Aggregate: the union of the sets of a group (null sets ignored). -#}
{% macro number_set_union(number_set) %}
    {{ return(adapter.dispatch('number_set_union', 'loyalty')(number_set)) }}
{% endmacro %}

{% macro default__number_set_union(number_set) -%}
    bit_or({{ number_set }})
{%- endmacro %}

{% macro spark__number_set_union(number_set) -%}
    array_distinct(flatten(collect_list({{ number_set }})))
{%- endmacro %}

{#- How many numbers a set holds; 0 for a null set. -#}
{% macro number_set_size(number_set) %}
    {{ return(adapter.dispatch('number_set_size', 'loyalty')(number_set)) }}
{% endmacro %}

{% macro default__number_set_size(number_set) -%}
    coalesce(bit_count({{ number_set }}), 0)
{%- endmacro %}

{#- size(null) is -1 on Spark unless ANSI mode is on. -#}
{% macro spark__number_set_size(number_set) -%}
    case when {{ number_set }} is null then 0 else size({{ number_set }}) end
{%- endmacro %}
