{#- Raw rows are counted straight from the raw source, independently of the
    staging models, so that a join that fans out or a filter that drops rows
    in staging shows up as a difference here. -#}
with

rejected as (
    select * from {{ ref('rejected_rows') }}
),

counts as (
    {%- for source_name in loyalty.loyalty_sources() %}
    select
        '{{ source_name }}' as source,  -- noqa: RF04
        (select count(*) from {{ loyalty.raw_source(source_name, [], optional=true) }} as raw_source) as raw_rows,
        (select count(*) from {{ ref('stg_loyalty__' ~ source_name) }}) as staged_rows,
        (
            select count(*) from rejected
            where rejected.source = '{{ source_name }}'
        ) as rejected_rows
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        counts.source,
        cast(counts.raw_rows as {{ dbt.type_bigint() }}) as raw_rows,
        cast(counts.staged_rows as {{ dbt.type_bigint() }}) as staged_rows,
        cast(counts.rejected_rows as {{ dbt.type_bigint() }}) as rejected_rows,
        counts.raw_rows = counts.staged_rows + counts.rejected_rows as is_reconciled
    from counts
)

select * from final
