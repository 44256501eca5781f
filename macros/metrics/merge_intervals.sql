{#- Gaps and islands: merge the date intervals of `relation` per
    `partition_by` into maximal runs of consecutive days. Intervals that
    overlap or touch (next start <= previous end + 1) merge. Inclusive ends.
    Returns a select of partition_by, active_from, active_to. The work grows
    with the number of intervals (one sort), never with days. -#}
{% macro merge_intervals(relation, partition_by, from_column, to_column) -%}
    {%- if partition_by is not string or from_column is not string or to_column is not string -%}
        {{ exceptions.raise_compiler_error("merge_intervals: pass partition_by, from_column and to_column as column names") }}
    {%- endif %}
    select
        {{ partition_by }},
        min(interval_from) as active_from,
        max(interval_to) as active_to
    from (
        select
            {{ partition_by }},
            interval_from,
            interval_to,
            sum(case when reach is null or interval_from > {{ loyalty.add_days('reach', 1) }} then 1 else 0 end)
                over (partition by {{ partition_by }} order by interval_from, interval_to rows unbounded preceding)
                as island
        from (
            select
                {{ partition_by }},
                {{ from_column }} as interval_from,
                {{ to_column }} as interval_to,
                max({{ to_column }}) over (
                    partition by {{ partition_by }} order by {{ from_column }}, {{ to_column }}
                    rows between unbounded preceding and 1 preceding
                ) as reach
            from {{ relation }}
            where {{ from_column }} <= {{ to_column }}
        ) as with_reach
    ) as with_islands
    group by {{ partition_by }}, island
{%- endmacro %}
