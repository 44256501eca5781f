{#- One row per calendar day from 1900-01-01 (the earliest date a staged row
    may carry) through 2099-12-31: the time spine MetricFlow joins metrics
    to. About 73,000 rows, independent of the data. -#}
with

days as (
    {{ dbt.date_spine('day', "cast('1900-01-01' as date)", "cast('2100-01-01' as date)") }}
),

final as (
    select cast(days.date_day as date) as date_day
    from days
)

select * from final
